package io.airssys.wasm.binary;

import io.airssys.wasm.WasmException;

/**
 * A byte sequence is not a well-formed WebAssembly binary. Carries the byte offset where
 * reading failed and the reason, so a bad upload can be diagnosed without a hex editor.
 */
public final class WasmFormatException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    public WasmFormatException(long offset, String reason) {
        super("malformed wasm binary at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset in the binary at which the problem was found. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the offset. */
    public String reason() {
        return reason;
    }

    @Override
    public Category category() {
        return Category.MALFORMED;
    }
}
