package io.airssys.wasm.binary;

import io.airssys.wasm.binary.ExternType.FunctionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each exported function a twin without parameters or results that takes its arguments
 * from, and leaves its results in, a scratch area of the module's own memory. An engine whose
 * calls are expensive per value (wasmtime-java marshals each through JNI) then writes the
 * arguments straight into memory and makes one call without values.
 *
 * <p>The scratch area is {@value #SLOT_BYTES}-byte slots, one per parameter and then one per
 * result, each little-endian at slot {@code i}'s offset {@code 8 * i}. Its address lives in an
 * added global the host sets once per instance through {@value #SET_SCRATCH_EXPORT}
 * {@code (i32)}; the host allocates the area with the module's own allocator so the module
 * never hands it out. Nothing about the module's own functions changes, so a host may call
 * either way at any time. The guest can of course write the area too; its contents are
 * untrusted like everything else in guest memory.
 */
public final class TrampolineInstrumenter {

    /** Export that sets the scratch area's address: {@code (i32) -> ()}. */
    public static final String SET_SCRATCH_EXPORT = "airssys:set-scratch";
    /** Prefix of each trampoline's export name; the exported function's name follows it. */
    public static final String TRAMPOLINE_PREFIX = "airssys:trampoline:";
    /** Bytes of one scratch slot, enough for any core number type. */
    public static final int SLOT_BYTES = 8;
    /** Most parameters or results a trampoline carries (the canonical ABI flattens to at most 16). */
    public static final int MAX_VALUES = 16;
    /**
     * Most trampolines added to one module. A trampoline is up to a few hundred bytes and a
     * module can export one function under any number of names, so without a bound a small
     * module could ask for gigabytes; a module with more exports is called directly.
     */
    public static final int MAX_TRAMPOLINES = 4096;

    /**
     * The instrumented module and which exports have trampolines.
     *
     * @param module       the module to compile
     * @param trampolines  each export that has a trampoline (see {@link #trampolineName}), with its type
     * @param scratchBytes size of the scratch area the largest trampoline needs
     */
    public record Result(byte[] module, Map<String, FunctionType> trampolines, int scratchBytes) {
        public Result {
            trampolines = Map.copyOf(trampolines);
        }

        /** No trampolines: the module is left as it is. */
        static Result none(byte[] module) {
            return new Result(module, Map.of(), 0);
        }
    }

    private TrampolineInstrumenter() {}

    /** The export name of {@code export}'s trampoline. */
    public static String trampolineName(String export) {
        return TRAMPOLINE_PREFIX + export;
    }

    /**
     * Adds trampolines for every exported function whose parameters and results are core numbers,
     * at most {@value #MAX_VALUES} of each. A module without its own memory, or already using
     * a reserved {@code airssys:} name this would add, is returned as it is.
     *
     * @throws WasmFormatException if the module is malformed
     */
    public static Result instrument(byte[] module) {
        WasmModuleInfo info = WasmModuleReader.read(module);
        if (info.memories().isEmpty()
                || info.exports().stream()
                        .anyMatch(e -> e.name().startsWith(TRAMPOLINE_PREFIX)
                                || e.name().equals(SET_SCRATCH_EXPORT))) {
            return Result.none(module);
        }
        List<WasmExport> eligible = new ArrayList<>();
        for (WasmExport export : info.exports(ExternKind.FUNCTION)) {
            if (eligible(info.functionType(export.index()))) {
                eligible.add(export);
            }
        }
        if (eligible.isEmpty() || eligible.size() > MAX_TRAMPOLINES) {
            return Result.none(module);
        }
        ModuleExtension extension = new ModuleExtension(module, info);
        int scratch = extension.addMutableGlobal(ValueType.I32, new byte[] {0x41, 0x00, InstructionReader.END});
        int setScratch = extension.addFunction(
                extension.addType(List.of(ValueType.I32), List.of()),
                new ByteWriter()
                        .writeByte(0x00)
                        .writeByte(0x20)
                        .writeByte(0x00)
                        .writeByte(InstructionReader.GLOBAL_SET)
                        .writeUnsignedLeb(scratch)
                        .writeByte(InstructionReader.END)
                        .toByteArray());
        extension.exportFunction(SET_SCRATCH_EXPORT, setScratch);
        int noValues = extension.addType(List.of(), List.of());
        Map<String, FunctionType> trampolines = new LinkedHashMap<>();
        int slots = 0;
        for (WasmExport export : eligible) {
            FunctionType type = info.functionType(export.index());
            int trampoline = extension.addFunction(noValues, body(export.index(), type, scratch));
            extension.exportFunction(trampolineName(export.name()), trampoline);
            trampolines.put(export.name(), type);
            slots = Math.max(
                    slots, Math.max(type.params().size(), type.results().size()));
        }
        return new Result(extension.build(), trampolines, Math.max(1, slots) * SLOT_BYTES);
    }

    private static boolean eligible(FunctionType type) {
        return type.params().size() <= MAX_VALUES
                && type.results().size() <= MAX_VALUES
                && type.params().stream().allMatch(TrampolineInstrumenter::isNumber)
                && type.results().stream().allMatch(TrampolineInstrumenter::isNumber);
    }

    private static boolean isNumber(ValueType type) {
        return type == ValueType.I32 || type == ValueType.I64 || type == ValueType.F32 || type == ValueType.F64;
    }

    /** Loads each argument from its slot, calls the export, stores each result in its slot. */
    private static byte[] body(int function, FunctionType type, int scratchGlobal) {
        List<ValueType> results = type.results();
        ByteWriter out = new ByteWriter().writeUnsignedLeb(results.size());
        for (ValueType result : results) {
            out.writeByte(0x01).writeByte(result.code()); // one local per result
        }
        List<ValueType> params = type.params();
        for (int i = 0; i < params.size(); i++) {
            out.writeByte(InstructionReader.GLOBAL_GET).writeUnsignedLeb(scratchGlobal);
            memoryAccess(out, loadOpcode(params.get(i)), params.get(i), i);
        }
        out.writeByte(0x10).writeUnsignedLeb(function);
        for (int i = results.size() - 1; i >= 0; i--) {
            out.writeByte(0x21).writeUnsignedLeb(i); // local.set: the last result is on top
        }
        for (int i = 0; i < results.size(); i++) {
            out.writeByte(InstructionReader.GLOBAL_GET).writeUnsignedLeb(scratchGlobal);
            out.writeByte(0x20).writeUnsignedLeb(i);
            memoryAccess(out, storeOpcode(results.get(i)), results.get(i), i);
        }
        return out.writeByte(InstructionReader.END).toByteArray();
    }

    private static void memoryAccess(ByteWriter out, int opcode, ValueType type, int slot) {
        int alignLog2 = type == ValueType.I64 || type == ValueType.F64 ? 3 : 2;
        out.writeByte(opcode).writeUnsignedLeb(alignLog2).writeUnsignedLeb((long) slot * SLOT_BYTES);
    }

    private static int loadOpcode(ValueType type) {
        return switch (type) {
            case I32 -> 0x28;
            case I64 -> 0x29;
            case F32 -> 0x2A;
            case F64 -> 0x2B;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static int storeOpcode(ValueType type) {
        return switch (type) {
            case I32 -> 0x36;
            case I64 -> 0x37;
            case F32 -> 0x38;
            case F64 -> 0x39;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }
}
