package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;

/**
 * A guest trapped. The instance it ran in has been discarded; the pool replaces it, so the
 * next call runs on a fresh one.
 */
public final class WasmTrapException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String module;
    private final String function;
    private final TrapKind kind;

    public WasmTrapException(String module, String function, TrapKind kind, String detail) {
        super("'" + module + "' trapped in '" + function + "': " + kind.description()
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        this.module = module;
        this.function = function;
        this.kind = kind;
    }

    /** The module's label, {@code component@version} when called through the runtime. */
    public String module() {
        return module;
    }

    /** The export that was called when the trap happened. */
    public String function() {
        return function;
    }

    public TrapKind kind() {
        return kind;
    }

    @Override
    public Category category() {
        return Category.TRAP;
    }
}
