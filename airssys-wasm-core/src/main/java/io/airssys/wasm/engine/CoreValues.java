package io.airssys.wasm.engine;

import io.airssys.wasm.binary.ValueType;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks Java values against core wasm types: i32 is {@link Integer}, i64 {@link Long}, f32
 * {@link Float}, f64 {@link Double}. Only lossless widenings (int to i64, float to f64) are
 * accepted, and applied, so an engine receives exactly the boxed type of each value; anything
 * else is refused rather than silently truncated.
 */
final class CoreValues {

    private CoreValues() {}

    /** {@code what} names the values in errors; it is asked only when one is wrong. */
    static Object[] checked(List<ValueType> types, Object[] values, Supplier<String> what) {
        Object[] actual = values == null ? new Object[0] : values;
        if (actual.length != types.size()) {
            throw new IllegalArgumentException(
                    what.get() + " takes " + types.size() + " value(s) " + types + " but got " + actual.length);
        }
        Object[] out = new Object[actual.length];
        for (int i = 0; i < actual.length; i++) {
            out[i] = checked(types.get(i), actual[i], what, i);
        }
        return out;
    }

    private static Object checked(ValueType type, Object value, Supplier<String> what, int index) {
        Object out = switch (type) {
            case I32 -> value instanceof Integer ? value : null;
            case I64 -> value instanceof Long ? value : value instanceof Integer i ? Long.valueOf(i) : null;
            case F32 -> value instanceof Float ? value : null;
            case F64 -> value instanceof Double ? value : value instanceof Float f ? Double.valueOf(f) : null;
            default ->
                throw new IllegalArgumentException(what.get() + " value " + index + " has type " + type
                        + ", which cannot cross the host boundary");
        };
        if (out == null) {
            throw new IllegalArgumentException(
                    what.get() + " value " + index + " must be " + javaTypeOf(type) + " for " + type + " but was "
                            + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return out;
    }

    private static String javaTypeOf(ValueType type) {
        return switch (type) {
            case I32 -> "Integer";
            case I64 -> "Long";
            case F32 -> "Float";
            case F64 -> "Double";
            default -> type.name();
        };
    }
}
