package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;

/**
 * A host function failed while a guest was calling it. The original exception is the cause;
 * the guest's instance has been discarded because it was unwound mid-call.
 */
public final class HostFunctionException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String module;
    private final String hostFunction;

    public HostFunctionException(String module, String hostFunction, Throwable cause) {
        super("host function " + hostFunction + " failed while called by '" + module + "': " + cause, cause);
        this.module = module;
        this.hostFunction = hostFunction;
    }

    public String module() {
        return module;
    }

    /** {@code module.name} of the import that failed. */
    public String hostFunction() {
        return hostFunction;
    }

    @Override
    public Category category() {
        return Category.TRAP;
    }
}
