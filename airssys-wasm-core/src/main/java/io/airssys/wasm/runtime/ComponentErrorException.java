package io.airssys.wasm.runtime;

import io.airssys.wasm.LogText;
import io.airssys.wasm.WasmException;

/** A component answered a call with its {@code component-error} (e.g. {@code invalid-input}). */
public final class ComponentErrorException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final String errorCase;
    private final String detail;

    public ComponentErrorException(String component, String errorCase, String detail) {
        super("'" + component + "' returned " + errorCase + (detail == null ? "" : ": " + LogText.escape(detail)));
        this.component = component;
        this.errorCase = errorCase;
        this.detail = detail;
    }

    public String component() {
        return component;
    }

    /** The {@code component-error} case: {@code invalid-input}, {@code not-found}, ... */
    public String errorCase() {
        return errorCase;
    }

    public String detail() {
        return detail;
    }

    @Override
    public Category category() {
        return Category.COMPONENT_ERROR;
    }
}
