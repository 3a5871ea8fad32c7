package io.airssys.wasm.engine;

import io.github.kawamuray.wasmtime.Trap;

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
    UNKNOWN("unknown trap");

    private final String description;

    TrapKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    static TrapKind of(Trap trap) {
        return switch (trap) {
            case UNREACHABLE_CODE_REACHED -> UNREACHABLE;
            case MEMORY_OUT_OF_BOUNDS -> MEMORY_OUT_OF_BOUNDS;
            case HEAP_MISALIGNED -> HEAP_MISALIGNED;
            case TABLE_OUT_OF_BOUNDS -> TABLE_OUT_OF_BOUNDS;
            case INDIRECT_CALL_TO_NULL -> INDIRECT_CALL_TO_NULL;
            case BAD_SIGNATURE -> BAD_SIGNATURE;
            case INTEGER_OVERFLOW -> INTEGER_OVERFLOW;
            case INTEGER_DIVISION_BY_ZERO -> INTEGER_DIVISION_BY_ZERO;
            case BAD_CONVERSION_TO_INTEGER -> BAD_CONVERSION_TO_INTEGER;
            case STACK_OVERFLOW -> STACK_OVERFLOW;
            default -> UNKNOWN;
        };
    }
}
