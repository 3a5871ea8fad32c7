package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;

/** No instance could be had from a pool: all were busy for the whole acquire timeout, or the pool is closed. */
public final class InstanceUnavailableException extends WasmException {

    private static final long serialVersionUID = 1L;

    public InstanceUnavailableException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.UNAVAILABLE;
    }
}
