package io.airssys.wasm.engine;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One call from a guest into a {@link HostFunction}: its arguments, the caller's memory, the
 * deadline of the call in progress, and state kept per instance.
 */
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

    /** Whether the calling module exports a function of this name, e.g. a resource's destructor. */
    public boolean exportsFunction(String function) {
        return instance.exportsFunction(function);
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
        return instance.memory()
                .orElseThrow(() -> new GuestMemoryAccessException(
                        "'" + instance.moduleName() + "' exports no memory for the host to read"));
    }

    /**
     * Time left before the guest's call must end; never negative. A host function that waits
     * (sleeps, polls, does I/O) waits no longer than this.
     */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, instance.callDeadlineNanos() - System.nanoTime()));
    }

    /**
     * Ends the call with a {@link WasmTimeoutException} if its deadline has passed. A host
     * function calls this after waiting, so a call never outlives its timeout by more than the
     * engine's tick.
     */
    public void checkDeadline() {
        if (System.nanoTime() - instance.callDeadlineNanos() >= 0) {
            throw timeout();
        }
    }

    /** The exception for a call whose deadline passed while the host was working for it. */
    public WasmTimeoutException timeout() {
        return new WasmTimeoutException(instance.moduleName(), instance.currentFunction(), instance.callTimeout());
    }

    /**
     * State this host function keeps for the calling instance, made by {@code factory} on first
     * use and closed when the instance is discarded. {@code key} identifies it (use the owner).
     */
    public <T extends InstanceLocal> T local(Object key, Supplier<T> factory) {
        return instance.local(key, factory);
    }
}
