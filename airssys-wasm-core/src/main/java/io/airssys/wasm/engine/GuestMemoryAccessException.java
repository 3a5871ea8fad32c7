package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;

/** The host was asked to read or write guest memory outside its current bounds. */
public final class GuestMemoryAccessException extends WasmException {

    private static final long serialVersionUID = 1L;

    public GuestMemoryAccessException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.TRAP;
    }
}
