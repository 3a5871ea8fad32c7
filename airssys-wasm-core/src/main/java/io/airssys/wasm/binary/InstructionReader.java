package io.airssys.wasm.binary;

/**
 * Reads wasm instructions one at a time, skipping their immediates, for editors that rewrite
 * code (the MVP plus sign extension, saturating conversions, bulk memory, reference types,
 * multi-value, tail calls, exceptions, SIMD and threads). Every function and global index an
 * instruction names is reported to a {@link References} so an editor can check it against the
 * module as it was. An opcode it does not know is a {@link WasmFormatException}: an editor must
 * never copy code it cannot read.
 */
final class InstructionReader {

    static final int UNREACHABLE = 0x00;
    static final int BLOCK = 0x02;
    static final int LOOP = 0x03;
    static final int IF = 0x04;
    static final int ELSE = 0x05;
    static final int TRY = 0x06;
    static final int END = 0x0B;
    static final int TRY_TABLE = 0x1F;
    static final int GLOBAL_GET = 0x23;
    static final int GLOBAL_SET = 0x24;
    static final int I64_CONST = 0x42;

    /** Receives the function and global indices instructions refer to, with their offsets. */
    interface References {
        void function(int index, int offset);

        void global(int index, int offset);
    }

    private InstructionReader() {}

    /** Reads one instruction, immediates included, and returns its opcode (prefixed ones as {@code 0xFC} etc.). */
    static int read(ByteReader reader, References references) {
        int offset = reader.position();
        int opcode = reader.readByte();
        switch (opcode) {
            case 0x00, 0x01, ELSE, 0x0A, END, 0x0F, 0x19, 0x1A, 0x1B, 0xD1, 0xD3, 0xD4 -> {}
            case BLOCK, LOOP, IF, TRY -> readBlockType(reader);
            case 0x07, 0x08, 0x09, 0x0C, 0x0D, 0x14, 0x15, 0x18, 0x25, 0x26, 0xD5, 0xD6 -> reader.readU32();
            case 0x0E -> {
                int targets = reader.readCount(1);
                for (int i = 0; i <= targets; i++) {
                    reader.readU32();
                }
            }
            case 0x10, 0x12 -> references.function(reader.readU32(), offset);
            case 0x11, 0x13 -> {
                reader.readU32();
                reader.readU32();
            }
            case 0x1C -> {
                int types = reader.readCount(1);
                for (int i = 0; i < types; i++) {
                    ValueType.read(reader);
                }
            }
            case TRY_TABLE -> {
                readBlockType(reader);
                int catches = reader.readCount(2);
                for (int i = 0; i < catches; i++) {
                    int kind = reader.readByte();
                    if (kind < 2) {
                        reader.readU32(); // tag
                    } else if (kind > 3) {
                        throw new WasmFormatException(reader.position() - 1, "unknown catch kind " + kind);
                    }
                    reader.readU32(); // label
                }
            }
            case 0x20, 0x21, 0x22 -> reader.readU32();
            case GLOBAL_GET, GLOBAL_SET -> references.global(reader.readU32(), offset);
            case 0x3F, 0x40 -> reader.readU32();
            case 0x41 -> skipLeb(reader, 5);
            case I64_CONST -> skipLeb(reader, 10);
            case 0x43 -> reader.skip(4);
            case 0x44 -> reader.skip(8);
            case 0xD0 -> skipLeb(reader, 5); // heap type, s33
            case 0xD2 -> references.function(reader.readU32(), offset);
            case 0xFC -> readMiscellaneous(reader, offset);
            case 0xFD -> readVector(reader, offset);
            case 0xFE -> readAtomic(reader);
            default -> {
                if (opcode >= 0x28 && opcode <= 0x3E) {
                    readMemoryArgument(reader);
                } else if (opcode < 0x45 || opcode > 0xC4) {
                    throw new WasmFormatException(offset, "unknown or unsupported opcode 0x" + hex(opcode));
                }
            }
        }
        return opcode;
    }

    /** Skips a constant expression (a global's initializer, a segment offset) up to its {@code end}. */
    static void skipConstantExpression(ByteReader reader, References references) {
        while (read(reader, references) != END) {
            // a constant expression has no blocks, so its first end is its last
        }
    }

    /** A block type is an s33: empty (0x40), a value type (one negative byte) or a type index. */
    private static void readBlockType(ByteReader reader) {
        int offset = reader.position();
        int first = reader.readByte();
        if ((first & 0x80) != 0) {
            skipLeb(reader, 4); // a type index of more than one byte
        } else if ((first & 0x40) != 0 && first != 0x40 && first < 0x6F) {
            throw new WasmFormatException(offset, "unsupported block type 0x" + hex(first));
        }
    }

    private static void readMemoryArgument(ByteReader reader) {
        long align = reader.readU32AsLong();
        if ((align & 0x40) != 0) {
            reader.readU32(); // memory index (multi-memory)
        }
        reader.readU64();
    }

    private static void readMiscellaneous(ByteReader reader, int offset) {
        int sub = reader.readU32();
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> {}
            case 8, 10, 12, 14 -> {
                reader.readU32();
                reader.readU32();
            }
            case 9, 11, 13, 15, 16, 17 -> reader.readU32();
            default -> throw new WasmFormatException(offset, "unknown or unsupported opcode 0xFC " + sub);
        }
    }

    private static void readVector(ByteReader reader, int offset) {
        int sub = reader.readU32();
        if (sub <= 11 || sub == 92 || sub == 93) {
            readMemoryArgument(reader);
        } else if (sub == 12 || sub == 13) {
            reader.skip(16);
        } else if (sub >= 21 && sub <= 34) {
            reader.readByte();
        } else if (sub >= 84 && sub <= 91) {
            readMemoryArgument(reader);
            reader.readByte();
        } else if (sub > 0x113) {
            throw new WasmFormatException(offset, "unknown or unsupported opcode 0xFD " + sub);
        }
    }

    private static void readAtomic(ByteReader reader) {
        int sub = reader.readU32();
        if (sub == 0x03) {
            reader.readByte(); // atomic.fence
        } else {
            readMemoryArgument(reader);
        }
    }

    private static void skipLeb(ByteReader reader, int maxBytes) {
        for (int i = 0; i < maxBytes; i++) {
            if ((reader.readByte() & 0x80) == 0) {
                return;
            }
        }
        throw reader.fail("integer representation too long");
    }

    private static String hex(int value) {
        return Integer.toHexString(value);
    }
}
