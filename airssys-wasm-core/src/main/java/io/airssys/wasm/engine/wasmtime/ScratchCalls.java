package io.airssys.wasm.engine.wasmtime;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.FuelInstrumenter;
import io.airssys.wasm.binary.TrampolineInstrumenter;
import io.airssys.wasm.binary.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which exports of one module can be called through its scratch area, and how the area is
 * obtained: from the module's own {@code cabi_realloc}, once per instance, so the module's
 * allocator never hands it out. A module without that allocator is called directly.
 */
final class ScratchCalls {

    static final String REALLOC_EXPORT = "cabi_realloc";
    private static final FunctionType REALLOC_TYPE = new FunctionType(
            List.of(ValueType.I32, ValueType.I32, ValueType.I32, ValueType.I32), List.of(ValueType.I32));
    /**
     * Calls that must not be the one to allocate the area: the allocator must not run before the
     * module initialised itself, nor outside a call's fuel budget, nor after a trap.
     */
    private static final Set<String> NOT_ALLOCATING =
            Set.of("_initialize", REALLOC_EXPORT, FuelInstrumenter.SET_FUEL_EXPORT, FuelInstrumenter.FUEL_LEFT_EXPORT);

    /** The trampoline of one export: its export name and the type of the function it calls. */
    record Trampoline(String export, FunctionType type) {}

    private final Map<String, Trampoline> trampolines = new HashMap<>();
    private final int scratchBytes;

    ScratchCalls(TrampolineInstrumenter.Result instrumented) {
        // an allocator of the canonical ABI's type takes only numbers, so it has a trampoline too
        if (REALLOC_TYPE.equals(instrumented.trampolines().get(REALLOC_EXPORT))) {
            instrumented
                    .trampolines()
                    .forEach((export, type) -> trampolines.put(
                            export, new Trampoline(TrampolineInstrumenter.trampolineName(export), type)));
        }
        this.scratchBytes = instrumented.scratchBytes();
    }

    /** The trampoline of {@code export}, or null if it has none. */
    Trampoline trampoline(String export) {
        return trampolines.get(export);
    }

    /** Whether a call of {@code export} may allocate the instance's scratch area first. */
    boolean mayAllocateDuring(String export) {
        return !NOT_ALLOCATING.contains(export);
    }

    int scratchBytes() {
        return scratchBytes;
    }
}
