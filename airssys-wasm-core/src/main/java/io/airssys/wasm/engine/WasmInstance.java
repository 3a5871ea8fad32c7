package io.airssys.wasm.engine;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.binary.ExternType.FunctionType;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Trap;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 */
public final class WasmInstance implements AutoCloseable {

    /**
     * How deeply host calls may nest (guest calls host, which calls back into the guest, which
     * calls the host again ...). Legitimate nesting is one or two levels, for a host function
     * that allocates its result in the guest; deeper nesting traps as a stack overflow.
     */
    public static final int MAX_HOST_CALL_DEPTH = 16;

    private static final Logger log = LoggerFactory.getLogger(WasmInstance.class);
    private static final String MEMORY_EXPORT = "memory";
    private static final String INITIALIZE_EXPORT = "_initialize";

    private final CompiledModule module;
    private final Duration callTimeout;
    private final long deadlineTicks;
    private final Store<Void> store;
    private final List<Func> hostFuncs = new ArrayList<>();
    private final Map<String, Func> exportedFuncs = new HashMap<>();
    private final Map<Object, InstanceLocal> locals = new LinkedHashMap<>();
    private final Instance instance;
    private final Memory memory;
    private final GuestMemory guestMemory;
    private Throwable hostFailure;
    private String failedHostFunction;
    private long callDeadlineNanos;
    private String currentFunction = "<instantiation>";
    private int hostCallDepth;
    private boolean poisoned;
    private boolean closed;

    WasmInstance(CompiledModule module, List<HostFunction> linkedImports, Duration callTimeout) {
        this.module = module;
        this.callTimeout = callTimeout;
        this.deadlineTicks = module.engine().deadlineTicks(callTimeout);
        this.store = new Store<>(null, module.engine().engine());
        Instance created = null;
        Memory exportedMemory = null;
        try {
            List<Extern> externs = new ArrayList<>(linkedImports.size());
            for (HostFunction function : linkedImports) {
                Func func = new Func(
                        store,
                        CoreValues.toFuncType(function.type()),
                        (caller, params, results) -> invokeHost(function, params, results));
                hostFuncs.add(func);
                externs.add(Extern.fromFunc(func));
            }
            startCall();
            try {
                created = new Instance(store, module.module(), externs);
            } catch (RuntimeException e) {
                throw translate(e, "<instantiation>");
            }
            this.instance = created;
            exportedMemory = created.getMemory(store, MEMORY_EXPORT).orElse(null);
            this.memory = exportedMemory;
            this.guestMemory = memory == null ? null : new GuestMemory(module.name(), memory, store);
            if (module.exportedFunction(INITIALIZE_EXPORT).isPresent()) {
                call(INITIALIZE_EXPORT);
            }
        } catch (RuntimeException | Error e) {
            disposeAll(created, exportedMemory);
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
        startCall();
        try {
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

    private void startCall() {
        callDeadlineNanos = System.nanoTime() + callTimeout.toNanos();
        store.setEpochDeadline(deadlineTicks);
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
        Val[] vals = CoreValues.toVals(type.params(), args, "'" + module.name() + "' function '" + function + "'");
        Func func = exportedFuncs.computeIfAbsent(
                function, name -> instance.getFunc(store, name).orElseThrow());
        boolean completed = false;
        try {
            if (guestMemory != null) {
                guestMemory.invalidate(); // the guest may grow its memory
            }
            Object[] results = CoreValues.toObjects(func.call(store, vals));
            if (hostFailure != null && hostCallDepth == 0) {
                throw translate(null, function); // a host function failed and the guest carried on regardless
            }
            if (guestMemory != null) {
                guestMemory.invalidate();
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

    /** The exported linear memory named {@code memory}, if the module has one. */
    public Optional<GuestMemory> memory() {
        return Optional.ofNullable(guestMemory);
    }

    /** True once a call failed inside the guest; such an instance is discarded, never reused. */
    public boolean isPoisoned() {
        return poisoned;
    }

    /** State a host function keeps for this instance, made on first use and closed with the instance. */
    <T extends InstanceLocal> T local(Object key, Supplier<T> factory) {
        @SuppressWarnings("unchecked")
        T value = (T) locals.computeIfAbsent(key, k -> factory.get());
        return value;
    }

    private void invokeHost(HostFunction function, Val[] params, Val[] results) {
        hostCallDepth++;
        try {
            if (hostCallDepth > MAX_HOST_CALL_DEPTH) {
                throw new WasmTrapException(
                        module.name(),
                        function.qualifiedName(),
                        TrapKind.STACK_OVERFLOW,
                        "host calls nested more than " + MAX_HOST_CALL_DEPTH + " deep");
            }
            Object[] out = function.handler().call(new HostCall(this, CoreValues.toObjects(params)));
            Val[] vals = CoreValues.toVals(
                    function.type().results(), out, "host function " + function.qualifiedName() + " result");
            System.arraycopy(vals, 0, results, 0, vals.length);
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
            if (cause instanceof GuestExitException exit) {
                return new WasmTrapException(module.name(), function, TrapKind.EXIT, "exit code " + exit.code());
            }
            return cause instanceof WasmException wasmException
                    ? wasmException
                    : new HostFunctionException(module.name(), hostFunction, cause);
        }
        if (e instanceof WasmFunctionError.TrapError trapError) {
            return trapError.trap() == Trap.INTERRUPT
                    ? new WasmTimeoutException(module.name(), function, callTimeout)
                    : new WasmTrapException(module.name(), function, TrapKind.of(trapError.trap()), null);
        }
        if (e instanceof WasmFunctionError.I32ExitError exit) {
            return new WasmTrapException(module.name(), function, TrapKind.EXIT, "exit code " + exit.exitCode());
        }
        if (e instanceof WasmtimeException) {
            return new WasmTrapException(module.name(), function, TrapKind.UNKNOWN, e.getMessage());
        }
        return e;
    }

    private void ensureUsable() {
        if (closed) {
            throw new IllegalStateException("instance of '" + module.name() + "' is closed");
        }
        if (poisoned) {
            throw new IllegalStateException("instance of '" + module.name() + "' failed earlier and cannot be reused");
        }
    }

    private void disposeAll(Instance created, Memory exportedMemory) {
        for (InstanceLocal local : locals.values()) {
            try {
                local.close();
            } catch (RuntimeException e) {
                log.warn("closing host state of {} failed", module.name(), e);
            }
        }
        locals.clear();
        exportedFuncs.values().forEach(Func::dispose);
        exportedFuncs.clear();
        if (exportedMemory != null) {
            exportedMemory.dispose();
        }
        hostFuncs.forEach(Func::dispose);
        hostFuncs.clear();
        if (created != null) {
            created.dispose();
        }
        store.dispose();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            disposeAll(instance, memory);
        }
    }
}
