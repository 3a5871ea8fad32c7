package io.airssys.wasm.bindgen;

import io.airssys.wasm.WasmException;

/** A world that bindings cannot be generated for, with the reason. */
public final class BindgenException extends WasmException {

    private static final long serialVersionUID = 1L;

    public BindgenException(String message) {
        super(message);
    }
}
