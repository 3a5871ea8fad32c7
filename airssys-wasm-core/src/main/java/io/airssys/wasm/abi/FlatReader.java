package io.airssys.wasm.abi;

import io.airssys.wasm.binary.ValueType;
import java.util.List;

/** Hands out flat core values one by one, each as the core type the reader asks for. */
interface FlatReader {

    Object next(ValueType want);

    /** Reads an array of core values that has exactly the expected types. */
    static FlatReader of(Object[] values) {
        int[] index = {0};
        return want -> values[index[0]++];
    }

    /**
     * Reads a variant payload whose slots were joined across cases: converts each slot from the
     * joined type it {@code has} to the type the case {@code wants}, as {@code lift_flat_variant} does.
     */
    static FlatReader coercing(FlatReader source, List<ValueType> have) {
        int[] index = {0};
        return want -> {
            ValueType slot = have.get(index[0]++);
            Object value = source.next(slot);
            if (slot == want) {
                return value;
            }
            if (slot == ValueType.I32 && want == ValueType.F32) {
                return Float.intBitsToFloat((Integer) value);
            }
            if (slot == ValueType.I64 && want == ValueType.I32) {
                return (int) (long) (Long) value;
            }
            if (slot == ValueType.I64 && want == ValueType.F32) {
                return Float.intBitsToFloat((int) (long) (Long) value);
            }
            if (slot == ValueType.I64 && want == ValueType.F64) {
                return Double.longBitsToDouble((Long) value);
            }
            throw new IllegalStateException("cannot read " + want + " from a " + slot + " slot");
        };
    }
}
