package io.airssys.wasm.engine.wasmtime;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One wasmtime store and the instance in it. */
final class WasmtimeInstance implements BackendInstance {

    private static final String MEMORY_EXPORT = "memory";

    private final WasmtimeBackend backend;
    private final Store<Void> store;
    private final List<Func> hostFuncs = new ArrayList<>();
    private final Map<String, Func> exportedFuncs = new HashMap<>();
    private final Instance instance;
    private final Memory memory;
    private final WasmtimeMemory linearMemory;

    WasmtimeInstance(
            WasmtimeBackend backend,
            Module module,
            List<HostFunction> imports,
            HostInvoker host,
            Duration startTimeout) {
        this.backend = backend;
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
            try {
                created = new Instance(store, module, externs);
            } catch (RuntimeException e) {
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

    @Override
    public void startCall(Duration timeout) {
        store.setEpochDeadline(backend.deadlineTicks(timeout));
    }

    @Override
    public Object[] call(String function, Object[] args) {
        Func func = exportedFuncs.computeIfAbsent(
                function, name -> instance.getFunc(store, name).orElseThrow());
        try {
            return WasmtimeValues.toObjects(func.call(store, WasmtimeValues.toVals(args)));
        } catch (RuntimeException e) {
            throw translate(e);
        }
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
