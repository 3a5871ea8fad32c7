package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.FuelInstrumenter;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.EngineTrap;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instantiation of a module in its own store. Not thread-safe: an {@link InstancePool}
 * hands it to one caller at a time, on one of the engine's guest threads. After a trap,
 * timeout or host failure it is {@linkplain #isPoisoned() poisoned} and must not be used again.
 * What it does is the same on every engine: deadlines, the host-call depth, reporting what a
 * host function threw rather than the engine's trap; the engine itself is a {@link BackendInstance}.
 */
public final class WasmInstance implements AutoCloseable {

    /**
     * How deeply host calls may nest (guest calls host, which calls back into the guest, which
     * calls the host again ...). Legitimate nesting is one or two levels, for a host function
     * that allocates its result in the guest; deeper nesting traps as a stack overflow.
     */
    public static final int MAX_HOST_CALL_DEPTH = 16;

    private static final Logger log = LoggerFactory.getLogger(WasmInstance.class);
    private static final String INITIALIZE_EXPORT = "_initialize";

    private final CompiledModule module;
    private final Duration callTimeout;
    private final Map<Object, InstanceLocal> locals = new LinkedHashMap<>();
    private final BackendInstance backend;
    private final GuestMemory guestMemory;
    private Throwable hostFailure;
    private String failedHostFunction;
    private long callStartedNanos;
    private long callDeadlineNanos;
    private String currentFunction = "<instantiation>";
    private int hostCallDepth;
    private boolean poisoned;
    /** Its memory's size as its pool last counted it; read and written by the pool only. */
    long countedMemoryBytes;

    private boolean closed;

    WasmInstance(CompiledModule module, List<HostFunction> linkedImports, Duration callTimeout) {
        this.module = module;
        this.callTimeout = callTimeout;
        callDeadlineNanos = System.nanoTime() + callTimeout.toNanos();
        BackendInstance created;
        try {
            created = module.backend().instantiate(linkedImports, this::invokeHost, callTimeout);
        } catch (RuntimeException e) {
            closeLocals();
            throw translate(e, "<instantiation>");
        } catch (Error e) {
            closeLocals();
            throw e;
        }
        this.backend = created;
        this.guestMemory = created.memory()
                .map(memory -> new GuestMemory(module.name(), memory))
                .orElse(null);
        try {
            if (module.exportedFunction(INITIALIZE_EXPORT).isPresent()) {
                call(INITIALIZE_EXPORT);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Label of the module this instance runs. */
    public String moduleName() {
        return module.name();
    }

    public CompiledModule module() {
        return module;
    }

    /**
     * Calls an exported function with boxed core values and returns its results the same way.
     * The call gets the pool's full call timeout, counted from now.
     *
     * @throws MissingExportException    if no such function is exported
     * @throws IllegalArgumentException  if the arguments do not match its signature
     * @throws WasmTrapException         if the guest traps
     * @throws WasmTimeoutException      if the call outlives the timeout
     * @throws HostFunctionException     if a host function it called failed
     */
    public Object[] call(String function, Object... args) {
        return asOneCall(function, () -> invoke(function, args));
    }

    /**
     * Runs several guest calls that make up one operation (allocate arguments, call, post-return)
     * as one call: they share one deadline, counted from now, and end together. Inside it, use
     * {@link #continueCall}.
     */
    public <R> R asOneCall(String function, Supplier<R> operation) {
        ensureUsable();
        currentFunction = function;
        long now = System.nanoTime();
        callStartedNanos = now;
        callDeadlineNanos = now + callTimeout.toNanos();
        backend.startCall(callTimeout, now);
        try {
            if (module.limits().metered()) {
                backend.call(
                        FuelInstrumenter.SET_FUEL_EXPORT,
                        new Object[] {module.limits().fuelPerCall()});
            }
            return operation.get();
        } finally {
            afterCall();
        }
    }

    /** Calls an export within {@link #asOneCall}, under that call's deadline. */
    public Object[] continueCall(String function, Object... args) {
        ensureUsable();
        return invoke(function, args);
    }

    /** A call made by a host function into its own caller: same store, the outer deadline still applies. */
    Object[] callReentrant(String function, Object... args) {
        return invoke(function, args);
    }

    /** Whether the module exports a function of this name. */
    public boolean exportsFunction(String function) {
        return module.exportedFunction(function).isPresent();
    }

    private void afterCall() {
        for (InstanceLocal local : locals.values()) {
            try {
                local.afterCall();
            } catch (RuntimeException e) {
                log.warn("after-call cleanup of {} failed", module.name(), e);
            }
        }
    }

    /** {@link System#nanoTime()} at which the current (or last) call started. */
    long callStartedNanos() {
        return callStartedNanos;
    }

    /** {@link System#nanoTime()} by which the current call must end. */
    long callDeadlineNanos() {
        return callDeadlineNanos;
    }

    Duration callTimeout() {
        return callTimeout;
    }

    /** The export whose call is in progress, for messages. */
    String currentFunction() {
        return currentFunction;
    }

    private Object[] invoke(String function, Object[] args) {
        FunctionType type = module.exportedFunction(function)
                .orElseThrow(() -> new MissingExportException(
                        module.name(), function, module.exportedFunctions().keySet()));
        Object[] checked =
                CoreValues.checked(type.params(), args, () -> "'" + module.name() + "' function '" + function + "'");
        boolean completed = false;
        try {
            Object[] results = backend.call(function, checked);
            if (hostFailure != null && hostCallDepth == 0) {
                throw translate(null, function); // a host function failed and the guest carried on regardless
            }
            completed = true;
            return results;
        } catch (WasmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e, function);
        } finally {
            if (!completed) {
                poisoned = true;
            }
        }
    }

    /** Its memory's size now; 0 without one. On wasmtime, asking costs a crossing into the engine. */
    long memoryBytes() {
        return guestMemory == null ? 0 : guestMemory.size();
    }

    /** The exported linear memory named {@code memory}, if the module has one. */
    public Optional<GuestMemory> memory() {
        return Optional.ofNullable(guestMemory);
    }

    /** True once closed: discarded by its pool, or its pool closed. */
    public boolean isClosed() {
        return closed;
    }

    /** True once a call failed inside the guest; such an instance is discarded, never reused. */
    public boolean isPoisoned() {
        return poisoned;
    }

    /**
     * State kept for this instance under {@code key} (by a host function through
     * {@link HostCall#local}, or by whoever drives the instance), made on first use and closed
     * with the instance.
     */
    public <T extends InstanceLocal> T local(Object key, Supplier<T> factory) {
        @SuppressWarnings("unchecked")
        T value = (T) locals.computeIfAbsent(key, k -> factory.get());
        return value;
    }

    private Object[] invokeHost(HostFunction function, Object[] params) {
        hostCallDepth++;
        try {
            if (hostCallDepth > MAX_HOST_CALL_DEPTH) {
                throw new WasmTrapException(
                        module.name(),
                        function.qualifiedName(),
                        TrapKind.STACK_OVERFLOW,
                        "host calls nested more than " + MAX_HOST_CALL_DEPTH + " deep");
            }
            Object[] out = function.handler().call(new HostCall(this, params));
            return CoreValues.checked(
                    function.type().results(), out, () -> "host function " + function.qualifiedName() + " result");
        } catch (Throwable t) {
            // The engine turns this into a trap and drops its type; keep the original for the caller.
            if (hostFailure == null) {
                hostFailure = t;
                failedHostFunction = function.qualifiedName();
            }
            throw new IllegalStateException("host function " + function.qualifiedName() + " failed");
        } finally {
            hostCallDepth--;
        }
    }

    private RuntimeException translate(RuntimeException e, String function) {
        if (e instanceof EngineTrap trap && trap.interrupted() && hostCallDepth == 0) {
            // stopped at the deadline: that is the outcome, whatever a host function did meanwhile
            hostFailure = null;
            failedHostFunction = null;
            return new WasmTimeoutException(module.name(), function, callTimeout);
        }
        if (hostFailure != null) {
            // A host function failed: report what it threw, not the engine's trap. Inside a
            // nested host call the original is rethrown so it unwinds to the outermost call.
            Throwable cause = hostFailure;
            String hostFunction = failedHostFunction;
            if (hostCallDepth == 0) {
                hostFailure = null;
                failedHostFunction = null;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof PropagatedHostException propagated
                    && propagated.original() instanceof RuntimeException original) {
                return original;
            }
            if (cause instanceof PropagatedHostException propagated) {
                return new HostFunctionException(module.name(), hostFunction, propagated.original());
            }
            if (cause instanceof GuestExitException exit) {
                return new WasmTrapException(module.name(), function, TrapKind.EXIT, "exit code " + exit.code());
            }
            return cause instanceof WasmException wasmException
                    ? wasmException
                    : new HostFunctionException(module.name(), hostFunction, cause);
        }
        if (e instanceof EngineTrap trap) {
            if (trap.interrupted()) {
                return new WasmTimeoutException(module.name(), function, callTimeout);
            }
            if (trap.kind() == TrapKind.UNREACHABLE && module.limits().metered() && fuelLeft() < 0) {
                return new WasmTrapException(
                        module.name(),
                        function,
                        TrapKind.FUEL_EXHAUSTED,
                        "the call used more than its " + module.limits().fuelPerCall() + " fuel");
            }
            return new WasmTrapException(module.name(), function, trap.kind(), trap.detail());
        }
        return e;
    }

    /** The metered module's counter; below zero once a call ran out of fuel. */
    private long fuelLeft() {
        try {
            return (Long) backend.call(FuelInstrumenter.FUEL_LEFT_EXPORT, new Object[0])[0];
        } catch (RuntimeException e) {
            log.debug("reading the fuel counter of {} failed", module.name(), e);
            return 0;
        }
    }

    private void ensureUsable() {
        if (closed) {
            throw new IllegalStateException("instance of '" + module.name() + "' is closed");
        }
        if (poisoned) {
            throw new IllegalStateException("instance of '" + module.name() + "' failed earlier and cannot be reused");
        }
    }

    private void closeLocals() {
        for (InstanceLocal local : locals.values()) {
            try {
                local.close();
            } catch (RuntimeException e) {
                log.warn("closing host state of {} failed", module.name(), e);
            }
        }
        locals.clear();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeLocals();
            backend.close();
        }
    }
}
