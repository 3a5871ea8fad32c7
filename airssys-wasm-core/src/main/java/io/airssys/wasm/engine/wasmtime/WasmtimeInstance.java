package io.airssys.wasm.engine.wasmtime;

import io.airssys.wasm.binary.TrampolineInstrumenter;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.TrapKind;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.EngineTrap;
import io.airssys.wasm.engine.spi.HostInvoker;
import io.airssys.wasm.engine.spi.LinearMemory;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Trap;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import io.github.kawamuray.wasmtime.WasmtimeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One wasmtime store and the instance in it. Calls of exports with a trampoline pass their
 * values through the instance's scratch area (see {@link ScratchCalls}) once it has one.
 */
final class WasmtimeInstance implements BackendInstance {

    private static final String MEMORY_EXPORT = "memory";
    private static final int NO_SCRATCH = -1;

    private final WasmtimeBackend backend;
    private final ScratchCalls scratchCalls;
    /** Address of the scratch area; 0 until allocated, {@value #NO_SCRATCH} if it cannot be. */
    private int scratch;
    /** The epoch at which the store's deadline falls, as last set; -1 before the first call. */
    private long deadlineEpoch = -1;

    private final Store<Void> store;
    private final List<Func> hostFuncs = new ArrayList<>();
    private final Map<String, Func> exportedFuncs = new HashMap<>();
    private final Instance instance;
    private final Memory memory;
    private final WasmtimeMemory linearMemory;

    WasmtimeInstance(
            WasmtimeBackend backend,
            Module module,
            ScratchCalls scratchCalls,
            List<HostFunction> imports,
            HostInvoker host,
            Duration startTimeout) {
        this.backend = backend;
        this.scratchCalls = scratchCalls;
        this.store = new Store<>(null, backend.engine());
        Instance created = null;
        Memory exported = null;
        try {
            List<Extern> externs = new ArrayList<>(imports.size());
            for (HostFunction function : imports) {
                Func func = new Func(store, WasmtimeValues.toFuncType(function.type()), (caller, params, results) -> {
                    Val[] vals = WasmtimeValues.toVals(host.invoke(function, WasmtimeValues.toObjects(params)));
                    System.arraycopy(vals, 0, results, 0, vals.length);
                });
                hostFuncs.add(func);
                externs.add(Extern.fromFunc(func));
            }
            startCall(startTimeout);
            long started = System.nanoTime();
            try {
                created = new Instance(store, module, externs);
            } catch (RuntimeException e) {
                // a trap in the start function loses its code in the binding's instantiation error;
                // the epoch interruption lands around the deadline (a tick early or late), while a
                // start function's own trap comes as soon as it runs, so a failure after half the
                // deadline is taken for the interruption
                if (e instanceof WasmtimeException && System.nanoTime() - started >= startTimeout.toNanos() / 2) {
                    throw EngineTrap.interruption();
                }
                throw translate(e);
            }
            exported = created.getMemory(store, MEMORY_EXPORT).orElse(null);
        } catch (RuntimeException | Error e) {
            dispose(created, exported);
            throw e;
        }
        this.instance = created;
        this.memory = exported;
        this.linearMemory = exported == null ? null : new WasmtimeMemory(exported, store);
    }

    /**
     * Sets the store's deadline: the epoch due when the call started, plus the call's ticks.
     * Counting from the epoch due rather than the epoch issued keeps the deadline from falling
     * early when the ticker thread has fallen behind (it catches up in a burst). wasmtime takes
     * the deadline relative to its epoch now, which the epoch read here equals or trails by one,
     * a tick {@link WasmtimeBackend#deadlineTicks} allows for. A deadline equal to the one set
     * last (a call starting within the same tick, with the same timeout) is not set again: that
     * would cost a crossing into the engine and change nothing.
     */
    @Override
    public void startCall(Duration timeout, long startedNanos) {
        long deadline = backend.epochDueAt(startedNanos) + backend.deadlineTicks(timeout);
        if (deadline != deadlineEpoch) {
            store.setEpochDeadline(deadline - backend.epoch());
            deadlineEpoch = deadline;
        }
    }

    @Override
    public Object[] call(String function, Object[] args) {
        ScratchCalls.Trampoline trampoline = scratchCalls.trampoline(function);
        if (trampoline != null && scratchReady(function)) {
            return callThroughScratch(trampoline, args);
        }
        try {
            return WasmtimeValues.toObjects(func(function).call(store, WasmtimeValues.toVals(args)));
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    private Func func(String export) {
        return exportedFuncs.computeIfAbsent(
                export, name -> instance.getFunc(store, name).orElseThrow());
    }

    /** Allocates the scratch area on the first call that may; false while there is none. */
    private boolean scratchReady(String function) {
        if (scratch != 0) {
            return scratch != NO_SCRATCH;
        }
        if (linearMemory == null || !scratchCalls.mayAllocateDuring(function)) {
            return false;
        }
        int bytes = scratchCalls.scratchBytes();
        int address = (Integer) call(ScratchCalls.REALLOC_EXPORT, new Object[] {0, 0, 8, bytes})[0];
        linearMemory.refresh();
        if (address <= 0 || address % 8 != 0 || (long) address + bytes > linearMemory.size()) {
            scratch = NO_SCRATCH; // an allocator that answers nonsense gets direct calls
            return false;
        }
        call(TrampolineInstrumenter.SET_SCRATCH_EXPORT, new Object[] {address});
        scratch = address;
        return true;
    }

    /** Arguments into their slots, one call without values, results out of their slots. */
    private Object[] callThroughScratch(ScratchCalls.Trampoline trampoline, Object[] args) {
        ByteBuffer view = linearMemory.view();
        List<ValueType> params = trampoline.type().params();
        for (int i = 0; i < args.length; i++) {
            int at = scratch + i * TrampolineInstrumenter.SLOT_BYTES;
            switch (params.get(i)) {
                case I32 -> view.putInt(at, (Integer) args[i]);
                case I64 -> view.putLong(at, (Long) args[i]);
                case F32 -> view.putFloat(at, (Float) args[i]);
                default -> view.putDouble(at, (Double) args[i]);
            }
        }
        try {
            func(trampoline.export()).call(store);
        } catch (RuntimeException e) {
            throw translate(e);
        }
        List<ValueType> resultTypes = trampoline.type().results();
        Object[] results = new Object[resultTypes.size()];
        for (int i = 0; i < results.length; i++) {
            int at = scratch + i * TrampolineInstrumenter.SLOT_BYTES;
            results[i] = switch (resultTypes.get(i)) {
                case I32 -> view.getInt(at);
                case I64 -> view.getLong(at);
                case F32 -> view.getFloat(at);
                default -> view.getDouble(at);
            };
        }
        return results;
    }

    @Override
    public Optional<LinearMemory> memory() {
        return Optional.ofNullable(linearMemory);
    }

    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof WasmFunctionError.TrapError trapError) {
            return trapError.trap() == Trap.INTERRUPT
                    ? EngineTrap.interruption()
                    : EngineTrap.trap(trapKind(trapError.trap()), null);
        }
        if (e instanceof WasmFunctionError.I32ExitError exit) {
            return EngineTrap.trap(TrapKind.EXIT, "exit code " + exit.exitCode());
        }
        if (e instanceof WasmtimeException) {
            return EngineTrap.trap(TrapKind.UNKNOWN, e.getMessage());
        }
        return e;
    }

    private static TrapKind trapKind(Trap trap) {
        return switch (trap) {
            case UNREACHABLE_CODE_REACHED -> TrapKind.UNREACHABLE;
            case MEMORY_OUT_OF_BOUNDS -> TrapKind.MEMORY_OUT_OF_BOUNDS;
            case HEAP_MISALIGNED -> TrapKind.HEAP_MISALIGNED;
            case TABLE_OUT_OF_BOUNDS -> TrapKind.TABLE_OUT_OF_BOUNDS;
            case INDIRECT_CALL_TO_NULL -> TrapKind.INDIRECT_CALL_TO_NULL;
            case BAD_SIGNATURE -> TrapKind.BAD_SIGNATURE;
            case INTEGER_OVERFLOW -> TrapKind.INTEGER_OVERFLOW;
            case INTEGER_DIVISION_BY_ZERO -> TrapKind.INTEGER_DIVISION_BY_ZERO;
            case BAD_CONVERSION_TO_INTEGER -> TrapKind.BAD_CONVERSION_TO_INTEGER;
            case STACK_OVERFLOW -> TrapKind.STACK_OVERFLOW;
            default -> TrapKind.UNKNOWN;
        };
    }

    private void dispose(Instance created, Memory exported) {
        exportedFuncs.values().forEach(Func::dispose);
        exportedFuncs.clear();
        if (exported != null) {
            exported.dispose();
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
        dispose(instance, memory);
    }
}
