package io.airssys.wasm.engine.chicory;

import com.dylibso.chicory.wasm.types.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Boxed core values to Chicory's {@code long} slots and back: i32 and i64 as integers, f32 and
 * f64 as their raw bits. The values are already checked against their types.
 */
final class ChicoryValues {

    private ChicoryValues() {}

    static List<ValueType> types(List<io.airssys.wasm.binary.ValueType> types) {
        List<ValueType> out = new ArrayList<>(types.size());
        for (io.airssys.wasm.binary.ValueType type : types) {
            out.add(
                    switch (type) {
                        case I32 -> ValueType.I32;
                        case I64 -> ValueType.I64;
                        case F32 -> ValueType.F32;
                        case F64 -> ValueType.F64;
                        default ->
                            throw new IllegalArgumentException("value type " + type
                                    + " cannot cross the host boundary; only i32, i64, f32 and f64 can");
                    });
        }
        return out;
    }

    static long[] toLongs(Object[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value instanceof Integer v) {
                out[i] = v;
            } else if (value instanceof Long v) {
                out[i] = v;
            } else if (value instanceof Float v) {
                out[i] = Float.floatToRawIntBits(v);
            } else {
                out[i] = Double.doubleToRawLongBits((Double) value);
            }
        }
        return out;
    }

    static Object[] toObjects(long[] values, List<io.airssys.wasm.binary.ValueType> types) {
        Object[] out = new Object[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (types.get(i)) {
                case I32 -> (int) values[i];
                case I64 -> values[i];
                case F32 -> Float.intBitsToFloat((int) values[i]);
                default -> Double.longBitsToDouble(values[i]);
            };
        }
        return out;
    }

    /** Chicory's value types as the engine-neutral ones; only numbers cross the host boundary. */
    static List<io.airssys.wasm.binary.ValueType> fromChicory(List<ValueType> types) {
        List<io.airssys.wasm.binary.ValueType> out = new ArrayList<>(types.size());
        for (ValueType type : types) {
            out.add(
                    switch (type) {
                        case I32 -> io.airssys.wasm.binary.ValueType.I32;
                        case I64 -> io.airssys.wasm.binary.ValueType.I64;
                        case F32 -> io.airssys.wasm.binary.ValueType.F32;
                        case F64 -> io.airssys.wasm.binary.ValueType.F64;
                        default ->
                            throw new IllegalArgumentException(
                                    "value type " + type + " cannot cross the host boundary");
                    });
        }
        return out;
    }
}
