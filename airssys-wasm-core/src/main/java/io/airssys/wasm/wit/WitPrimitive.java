package io.airssys.wasm.wit;

/** The WIT types that have no parameters. */
public enum WitPrimitive implements WitType {
    BOOL("bool"),
    S8("s8"),
    U8("u8"),
    S16("s16"),
    U16("u16"),
    S32("s32"),
    U32("u32"),
    S64("s64"),
    U64("u64"),
    F32("f32"),
    F64("f64"),
    CHAR("char"),
    STRING("string");

    private final String keyword;

    WitPrimitive(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    static WitPrimitive byKeyword(String keyword) {
        for (WitPrimitive primitive : values()) {
            if (primitive.keyword.equals(keyword)) {
                return primitive;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
