package io.airssys.wasm.signing;

import io.airssys.wasm.WasmException;

/** A component artifact whose signature is missing (when required), unknown, malformed or does not match. */
public final class SignatureRejectedException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final String reason;

    public SignatureRejectedException(String component, String reason) {
        super("signature of '" + component + "' rejected: " + reason);
        this.component = component;
        this.reason = reason;
    }

    public String component() {
        return component;
    }

    public String reason() {
        return reason;
    }

    @Override
    public Category category() {
        return Category.REJECTED;
    }
}
