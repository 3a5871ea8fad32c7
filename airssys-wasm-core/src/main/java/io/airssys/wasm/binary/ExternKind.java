package io.airssys.wasm.binary;

/** What an import or export refers to. */
public enum ExternKind {
    FUNCTION,
    TABLE,
    MEMORY,
    GLOBAL,
    TAG;

    static ExternKind fromCode(int code, int offset) {
        if (code < 0 || code >= values().length) {
            throw new WasmFormatException(offset, "unknown import/export kind 0x" + Integer.toHexString(code));
        }
        return values()[code];
    }
}
