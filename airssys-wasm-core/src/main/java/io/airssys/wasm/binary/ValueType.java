package io.airssys.wasm.binary;

/** The core wasm value types, with their binary encoding. */
public enum ValueType {
    I32(0x7F),
    I64(0x7E),
    F32(0x7D),
    F64(0x7C),
    V128(0x7B),
    FUNCREF(0x70),
    EXTERNREF(0x6F);

    private final int code;

    ValueType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static ValueType read(ByteReader reader) {
        int offset = reader.position();
        int code = reader.readByte();
        for (ValueType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new WasmFormatException(offset, "unknown value type 0x" + Integer.toHexString(code));
    }
}
