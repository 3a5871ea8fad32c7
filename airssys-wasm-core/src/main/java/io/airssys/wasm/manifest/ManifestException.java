package io.airssys.wasm.manifest;

import io.airssys.wasm.WasmException;

/** A {@code Component.toml} that is malformed or says something invalid, with the line and column. */
public final class ManifestException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    public ManifestException(String source, int line, int column, String reason) {
        super(source + ":" + line + ":" + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

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
