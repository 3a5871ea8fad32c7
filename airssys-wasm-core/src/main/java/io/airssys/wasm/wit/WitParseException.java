package io.airssys.wasm.wit;

import io.airssys.wasm.WasmException;

/** WIT that does not parse or does not resolve, with the file, line and column of the problem. */
public final class WitParseException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public WitParseException(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }

    @Override
    public Category category() {
        return Category.MALFORMED;
    }
}
