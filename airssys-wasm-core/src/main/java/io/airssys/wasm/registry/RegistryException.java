package io.airssys.wasm.registry;

import io.airssys.wasm.WasmException;

/** The registry refused an operation or found its files damaged. */
public class RegistryException extends WasmException {

    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
