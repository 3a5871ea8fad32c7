package io.airssys.wasm.binary;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Makes a module count its own execution, so a call can be given a deterministic budget that
 * does not depend on the engine or the machine. The module gets a private 64-bit fuel counter
 * (a global no original instruction can name) and, at every function entry and every loop
 * header, code that subtracts the number of instructions the function or loop body holds
 * outside nested loops and executes {@code unreachable} once the counter is below zero. So the
 * fuel a call uses is an upper bound of the instructions it executed, the same on every engine.
 *
 * <p>The host sets the budget through the added export {@value #SET_FUEL_EXPORT} {@code (i64)}
 * and, after an {@code unreachable} trap, reads what is left through {@value #FUEL_LEFT_EXPORT}
 * {@code () -> i64}: below zero means the budget ran out. Every function and global index the
 * module's code, segments and initializers name is checked against the module as it was, so an
 * invalid module cannot become one that reaches the counter or its exports.
 */
public final class FuelInstrumenter {

    /** Export that sets the counter: {@code (i64) -> ()}. */
    public static final String SET_FUEL_EXPORT = "airssys:set-fuel";
    /** Export that reads the counter: {@code () -> i64}. */
    public static final String FUEL_LEFT_EXPORT = "airssys:fuel-left";
    /**
     * How much larger than the module its counting code may make it. Ordinary code has a loop
     * header every few dozen instructions and grows by a few percent; a module made of nothing
     * but loops would grow tenfold, so it is refused instead of exhausting host memory.
     */
    static final int MAX_GROWTH_FACTOR = 4;

    private FuelInstrumenter() {}

    /**
     * Returns an instrumented copy of {@code module} whose counter starts at {@code initialFuel},
     * the budget of its start function.
     *
     * @throws WasmFormatException if the module is malformed, names a function or global it does
     *                             not have, already exports one of the reserved names, or holds
     *                             code this reader does not know
     */
    public static byte[] instrument(byte[] module, long initialFuel) {
        WasmModuleInfo info = WasmModuleReader.read(module);
        for (String reserved : List.of(SET_FUEL_EXPORT, FUEL_LEFT_EXPORT)) {
            if (info.export(reserved).isPresent()) {
                throw new WasmFormatException(0, "export name '" + reserved + "' is reserved for the host");
            }
        }
        return new Rewrite(module, info, initialFuel).run();
    }

    private static final class Rewrite {
        private final byte[] module;
        private final ModuleExtension extension;
        private final long initialFuel;
        private final int functionCount;
        private final int globalCount;
        private final long maxAddedBytes;
        private long addedBytes;
        private int fuelGlobal;

        Rewrite(byte[] module, WasmModuleInfo info, long initialFuel) {
            this.module = module;
            this.extension = new ModuleExtension(module, info);
            this.initialFuel = initialFuel;
            this.functionCount = extension.functionCount();
            this.globalCount = extension.globalCount();
            this.maxAddedBytes = (long) (MAX_GROWTH_FACTOR - 1) * module.length + 1024;
        }

        byte[] run() {
            checkReferences();
            fuelGlobal = extension.addMutableGlobal(
                    ValueType.I64,
                    new ByteWriter()
                            .writeByte(InstructionReader.I64_CONST)
                            .writeSignedLeb(initialFuel)
                            .writeByte(InstructionReader.END)
                            .toByteArray());
            int setter = extension.addFunction(
                    extension.addType(List.of(ValueType.I64), List.of()),
                    new ByteWriter()
                            .writeByte(0x00) // no locals
                            .writeByte(0x20)
                            .writeByte(0x00) // local.get 0
                            .writeByte(InstructionReader.GLOBAL_SET)
                            .writeUnsignedLeb(fuelGlobal)
                            .writeByte(InstructionReader.END)
                            .toByteArray());
            int getter = extension.addFunction(
                    extension.addType(List.of(), List.of(ValueType.I64)),
                    new ByteWriter()
                            .writeByte(0x00)
                            .writeByte(InstructionReader.GLOBAL_GET)
                            .writeUnsignedLeb(fuelGlobal)
                            .writeByte(InstructionReader.END)
                            .toByteArray());
            extension.exportFunction(SET_FUEL_EXPORT, setter);
            extension.exportFunction(FUEL_LEFT_EXPORT, getter);
            return extension.build(this::instrumentBody);
        }

        /** One metering point: where its charge goes and how many instructions it charges for. */
        private static final class MeteringPoint {
            final int insertAt;
            long cost;

            MeteringPoint(int insertAt) {
                this.insertAt = insertAt;
            }
        }

        private byte[] instrumentBody(int start, int end) {
            ByteReader reader = new ByteReader(module, start, end);
            int localGroups = reader.readU32();
            for (int i = 0; i < localGroups; i++) {
                reader.readU32();
                ValueType.read(reader);
            }
            List<MeteringPoint> points = new ArrayList<>();
            Deque<MeteringPoint> charged = new ArrayDeque<>();
            Deque<Boolean> blockIsLoop = new ArrayDeque<>();
            MeteringPoint entry = new MeteringPoint(reader.position());
            points.add(entry);
            charged.push(entry);
            InstructionReader.References references = checker();
            while (true) {
                int opcode = InstructionReader.read(reader, references);
                charged.peek().cost++;
                if (opcode == InstructionReader.END || opcode == 0x18) { // end, or delegate closing a try
                    if (blockIsLoop.isEmpty()) {
                        if (opcode != InstructionReader.END) {
                            throw reader.fail("delegate outside a try block");
                        }
                        break;
                    }
                    if (blockIsLoop.pop()) {
                        charged.pop();
                    }
                } else if (opcode == InstructionReader.LOOP) {
                    blockIsLoop.push(true);
                    MeteringPoint loop = new MeteringPoint(reader.position());
                    points.add(loop);
                    charged.push(loop);
                } else if (opcode == InstructionReader.BLOCK
                        || opcode == InstructionReader.IF
                        || opcode == InstructionReader.TRY
                        || opcode == InstructionReader.TRY_TABLE) {
                    blockIsLoop.push(false);
                }
            }
            if (reader.hasMore()) {
                throw reader.fail("code continues after the function's final end");
            }
            addedBytes += (long) points.size() * MAX_CHARGE_BYTES;
            if (addedBytes > maxAddedBytes) {
                throw new WasmFormatException(
                        start,
                        "it has so many loops that counting them would make it more than " + MAX_GROWTH_FACTOR
                                + " times its size");
            }
            ByteWriter out = new ByteWriter();
            int copied = start;
            for (MeteringPoint point : points) {
                out.writeBytes(module, copied, point.insertAt - copied);
                writeCharge(out, point.cost);
                copied = point.insertAt;
            }
            return out.writeBytes(module, copied, end - copied).toByteArray();
        }

        /** Most bytes one charge takes: three global indices of up to 5 bytes, a 10-byte constant, 12 more. */
        private static final int MAX_CHARGE_BYTES = 3 * 5 + 10 + 12;

        /** fuel -= cost; if (fuel < 0) unreachable */
        private void writeCharge(ByteWriter out, long cost) {
            out.writeByte(InstructionReader.GLOBAL_GET)
                    .writeUnsignedLeb(fuelGlobal)
                    .writeByte(InstructionReader.I64_CONST)
                    .writeSignedLeb(cost)
                    .writeByte(0x7D) // i64.sub
                    .writeByte(InstructionReader.GLOBAL_SET)
                    .writeUnsignedLeb(fuelGlobal)
                    .writeByte(InstructionReader.GLOBAL_GET)
                    .writeUnsignedLeb(fuelGlobal)
                    .writeByte(InstructionReader.I64_CONST)
                    .writeByte(0x00)
                    .writeByte(0x53) // i64.lt_s
                    .writeByte(InstructionReader.IF)
                    .writeByte(0x40)
                    .writeByte(InstructionReader.UNREACHABLE)
                    .writeByte(InstructionReader.END);
        }

        /** Walks every place outside function bodies that names a function or global. */
        private void checkReferences() {
            InstructionReader.References references = checker();
            Section globals = extension.section(Section.GLOBAL);
            if (globals != null) {
                ByteReader reader = extension.reader(globals);
                int count = reader.readU32();
                for (int i = 0; i < count; i++) {
                    ValueType.read(reader);
                    reader.readByte();
                    InstructionReader.skipConstantExpression(reader, references);
                }
            }
            Section start = extension.section(Section.START);
            if (start != null) {
                ByteReader reader = extension.reader(start);
                references.function(reader.readU32(), start.payloadOffset());
            }
            Section elements = extension.section(Section.ELEMENT);
            if (elements != null) {
                checkElements(extension.reader(elements), references);
            }
            Section data = extension.section(Section.DATA);
            if (data != null) {
                ByteReader reader = extension.reader(data);
                int count = reader.readU32();
                for (int i = 0; i < count; i++) {
                    int flags = reader.readU32();
                    if (flags == 2) {
                        reader.readU32();
                    }
                    if (flags != 1) {
                        InstructionReader.skipConstantExpression(reader, references);
                    }
                    reader.skip(reader.readU32());
                }
            }
        }

        private static void checkElements(ByteReader reader, InstructionReader.References references) {
            int count = reader.readU32();
            for (int i = 0; i < count; i++) {
                int offset = reader.position();
                int flags = reader.readU32();
                if (flags > 7) {
                    throw new WasmFormatException(offset, "invalid element segment flags " + flags);
                }
                if ((flags & 0x03) == 0x02) {
                    reader.readU32(); // table index
                }
                if ((flags & 0x01) == 0) {
                    InstructionReader.skipConstantExpression(reader, references); // active: offset
                }
                if ((flags & 0x03) != 0) {
                    reader.readByte(); // element kind or reference type
                }
                int entries = reader.readCount(1);
                for (int e = 0; e < entries; e++) {
                    if ((flags & 0x04) == 0) {
                        int entryOffset = reader.position();
                        references.function(reader.readU32(), entryOffset);
                    } else {
                        InstructionReader.skipConstantExpression(reader, references);
                    }
                }
            }
        }

        private InstructionReader.References checker() {
            return new InstructionReader.References() {
                @Override
                public void function(int index, int offset) {
                    if (index >= functionCount) {
                        throw new WasmFormatException(
                                offset, "refers to function " + index + " but the module has only " + functionCount);
                    }
                }

                @Override
                public void global(int index, int offset) {
                    if (index >= globalCount) {
                        throw new WasmFormatException(
                                offset, "refers to global " + index + " but the module has only " + globalCount);
                    }
                }
            };
        }
    }
}
