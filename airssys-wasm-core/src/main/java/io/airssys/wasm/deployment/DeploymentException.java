package io.airssys.wasm.deployment;

import io.airssys.wasm.WasmException;

/** A deployment operation could not be carried out; what was serving keeps serving. */
public final class DeploymentException extends WasmException {

    private static final long serialVersionUID = 1L;

    public DeploymentException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.UNAVAILABLE;
    }
}
