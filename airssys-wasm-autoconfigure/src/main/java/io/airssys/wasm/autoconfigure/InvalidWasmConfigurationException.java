package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.WasmException;

/** A value under {@code airssys.wasm.*} that cannot be used, with the property and why. */
public final class InvalidWasmConfigurationException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;

    public InvalidWasmConfigurationException(String property, String value, String reason, Throwable cause) {
        super(property + " = '" + value + "' is invalid: " + reason, cause);
        this.property = property;
        this.value = value;
    }

    public String property() {
        return property;
    }

    public String value() {
        return value;
    }

    @Override
    public Category category() {
        return Category.MALFORMED;
    }
}
