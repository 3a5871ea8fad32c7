package io.airssys.wasm.security;

import io.airssys.wasm.WasmException;

/** A component tried something it holds no capability for. */
public final class CapabilityDeniedException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final String action;
    private final String target;

    public CapabilityDeniedException(String component, String action, String target, String reason) {
        super("'" + component + "' may not " + action + " " + target + ": " + reason);
        this.component = component;
        this.action = action;
        this.target = target;
    }

    public String component() {
        return component;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    @Override
    public Category category() {
        return Category.CAPABILITY_DENIED;
    }
}
