package io.airssys.wasm.engine;

/** Why a guest stopped abnormally. */
public enum TrapKind {
    UNREACHABLE("unreachable instruction executed"),
    MEMORY_OUT_OF_BOUNDS("out-of-bounds memory access"),
    HEAP_MISALIGNED("misaligned memory access"),
    TABLE_OUT_OF_BOUNDS("out-of-bounds table access"),
    INDIRECT_CALL_TO_NULL("indirect call to a null table entry"),
    BAD_SIGNATURE("indirect call signature mismatch"),
    INTEGER_OVERFLOW("integer overflow"),
    INTEGER_DIVISION_BY_ZERO("integer division by zero"),
    BAD_CONVERSION_TO_INTEGER("invalid conversion to integer"),
    STACK_OVERFLOW("call stack exhausted"),
    EXIT("guest called exit"),
    FUEL_EXHAUSTED("fuel budget exhausted"),
    UNKNOWN("unknown trap");

    private final String description;

    TrapKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
