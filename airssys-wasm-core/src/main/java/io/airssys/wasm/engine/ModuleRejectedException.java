package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;

/** A well-formed module that this host will not run, with the reason. */
public final class ModuleRejectedException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String module;
    private final String reason;

    public ModuleRejectedException(String module, String reason) {
        super("'" + module + "' was rejected: " + reason);
        this.module = module;
        this.reason = reason;
    }

    public String module() {
        return module;
    }

    public String reason() {
        return reason;
    }

    @Override
    public Category category() {
        return Category.REJECTED;
    }
}
