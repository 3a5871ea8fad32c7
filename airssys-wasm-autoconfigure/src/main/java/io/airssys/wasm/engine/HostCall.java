package io.airssys.wasm.engine;

/** One call from a guest into a {@link HostFunction}: its arguments and the caller's memory. */
public final class HostCall {

    private final WasmInstance instance;
    private final Object[] args;

    HostCall(WasmInstance instance, Object[] args) {
        this.instance = instance;
        this.args = args;
    }

    /** Arguments as boxed core values, in parameter order. */
    public Object[] args() {
        return args.clone();
    }

    public int intArg(int index) {
        return (Integer) args[index];
    }

    public long longArg(int index) {
        return (Long) args[index];
    }

    /** The calling module's label. */
    public String module() {
        return instance.moduleName();
    }

    /**
     * Calls back into the calling instance, e.g. its {@code cabi_realloc} to allocate room for
     * a result. The call runs under the outer call's deadline.
     */
    public Object[] callGuest(String function, Object... args) {
        return instance.callReentrant(function, args);
    }

    /**
     * The calling instance's exported {@code memory}.
     *
     * @throws GuestMemoryAccessException if the module exports no memory
     */
    public GuestMemory memory() {
        return instance.memory().orElseThrow(() -> new GuestMemoryAccessException(
                "'" + instance.moduleName() + "' exports no memory for the host to read"));
    }
}
