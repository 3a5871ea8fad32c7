package io.airssys.wasm.engine.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.TrapKind;
import io.airssys.wasm.engine.spi.BackendInstance;
import io.airssys.wasm.engine.spi.EngineTrap;
import io.airssys.wasm.engine.spi.HostInvoker;
import io.airssys.wasm.engine.spi.LinearMemory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Chicory instance. Calls run on the calling (guest) thread; the outermost guest call of a
 * lease is armed with the watchdog, and calls nested in host functions run under it.
 */
final class ChicoryInstance implements BackendInstance {

    private final Instance instance;
    private final DeadlineWatchdog.Guard guard;
    private final Map<String, Exported> exports = new HashMap<>();
    private final ChicoryMemory memory;
    private long deadlineNanos;
    private int depth;

    private record Exported(ExportFunction function, List<io.airssys.wasm.binary.ValueType> results) {}

    ChicoryInstance(
            WasmModule module,
            Function<Instance, Machine> machines,
            List<HostFunction> imports,
            HostInvoker host,
            DeadlineWatchdog watchdog,
            Duration startTimeout) {
        this.guard = watchdog.register();
        ImportValues.Builder values = ImportValues.builder();
        for (HostFunction function : imports) {
            values.addFunction(new com.dylibso.chicory.runtime.HostFunction(
                    function.module(),
                    function.name(),
                    ChicoryValues.types(function.type().params()),
                    ChicoryValues.types(function.type().results()),
                    (caller, args) -> ChicoryValues.toLongs(host.invoke(
                            function,
                            ChicoryValues.toObjects(args, function.type().params())))));
        }
        startCall(startTimeout);
        try {
            this.instance = guarded(() -> Instance.builder(module)
                    .withImportValues(values.build())
                    .withMachineFactory(machines)
                    // Chicory 1.0.0 runs the start section only together with an exported _start; a
                    // command's _start alone is never run at instantiation
                    .withStart(module.startSection().isPresent())
                    .build());
        } catch (RuntimeException | Error e) {
            guard.close();
            throw e;
        }
        this.memory = exportsMemory(module) ? new ChicoryMemory(instance.memory()) : null;
    }

    private static boolean exportsMemory(WasmModule module) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals("memory") && export.exportType() == ExternalType.MEMORY) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void startCall(Duration timeout, long startedNanos) {
        deadlineNanos = startedNanos + timeout.toNanos();
    }

    @Override
    public Object[] call(String function, Object[] args) {
        Exported export = exports.computeIfAbsent(
                function,
                name -> new Exported(
                        instance.export(name),
                        ChicoryValues.fromChicory(instance.exportType(name).returns())));
        long[] results = guarded(() -> export.function().apply(ChicoryValues.toLongs(args)));
        return ChicoryValues.toObjects(results, export.results());
    }

    /** Runs guest code: armed with the watchdog when outermost, its failures reported as {@link EngineTrap}s. */
    private <R> R guarded(Supplier<R> guestCode) {
        boolean armed = depth == 0;
        if (armed) {
            guard.arm(deadlineNanos);
        }
        depth++;
        try {
            return guestCode.get();
        } catch (ChicoryException e) {
            throw armed && guard.wasInterrupted() || isInterruption(e) ? EngineTrap.interruption() : trap(e);
        } catch (RuntimeException e) {
            if (armed && guard.wasInterrupted()) {
                throw EngineTrap.interruption(); // e.g. a host function whose I/O the deadline interrupted
            }
            // anything else Chicory lets escape (e.g. a table.grow whose new size overflows 32 bits
            // ends in NegativeArraySizeException) stops the guest like a trap; a host function's
            // failure is reported as itself by the engine-neutral side
            throw EngineTrap.trap(TrapKind.UNKNOWN, "the engine failed: " + e, e);
        } finally {
            depth--;
            if (armed) {
                guard.disarm();
            }
        }
    }

    private static boolean isInterruption(ChicoryException e) {
        return "Thread interrupted".equals(e.getMessage());
    }

    private static EngineTrap trap(ChicoryException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        TrapKind kind;
        if (e.getCause() instanceof StackOverflowError || message.contains("call stack exhausted")) {
            kind = TrapKind.STACK_OVERFLOW;
        } else if (message.contains("unreachable")) {
            kind = TrapKind.UNREACHABLE;
        } else if (message.contains("out of bounds memory")) {
            kind = TrapKind.MEMORY_OUT_OF_BOUNDS;
        } else if (message.contains("out of bounds table") || message.contains("undefined element")) {
            kind = TrapKind.TABLE_OUT_OF_BOUNDS;
        } else if (message.contains("uninitialized element")) {
            kind = TrapKind.INDIRECT_CALL_TO_NULL;
        } else if (message.contains("indirect call type mismatch")) {
            kind = TrapKind.BAD_SIGNATURE;
        } else if (message.contains("integer divide by zero")) {
            kind = TrapKind.INTEGER_DIVISION_BY_ZERO;
        } else if (message.contains("integer overflow")) {
            kind = TrapKind.INTEGER_OVERFLOW;
        } else if (message.contains("invalid conversion to integer")) {
            kind = TrapKind.BAD_CONVERSION_TO_INTEGER;
        } else {
            kind = TrapKind.UNKNOWN;
        }
        return EngineTrap.trap(kind, kind == TrapKind.UNKNOWN ? e.getMessage() : null, e);
    }

    @Override
    public Optional<LinearMemory> memory() {
        return Optional.ofNullable(memory);
    }

    @Override
    public void close() {
        exports.clear();
        guard.close();
    }
}
