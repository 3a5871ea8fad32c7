package io.airssys.wasm.engine;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Val;
import java.util.List;

/**
 * Converts between core wasm values and Java: i32 is {@link Integer}, i64 {@link Long}, f32
 * {@link Float}, f64 {@link Double}. Only lossless widenings (int to i64, float to f64) are
 * accepted; anything else is refused rather than silently truncated.
 */
final class CoreValues {

    private CoreValues() {}

    static Val[] toVals(List<ValueType> types, Object[] values, String what) {
        Object[] actual = values == null ? new Object[0] : values;
        if (actual.length != types.size()) {
            throw new IllegalArgumentException(
                    what + " takes " + types.size() + " value(s) " + types + " but got " + actual.length);
        }
        Val[] vals = new Val[actual.length];
        for (int i = 0; i < actual.length; i++) {
            vals[i] = toVal(types.get(i), actual[i], what, i);
        }
        return vals;
    }

    static Object[] toObjects(Val[] vals) {
        Object[] out = new Object[vals.length];
        for (int i = 0; i < vals.length; i++) {
            out[i] = vals[i].getValue();
        }
        return out;
    }

    static FuncType toFuncType(FunctionType type) {
        return new FuncType(toWasmtime(type.params()), toWasmtime(type.results()));
    }

    private static Val.Type[] toWasmtime(List<ValueType> types) {
        Val.Type[] out = new Val.Type[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (types.get(i)) {
                case I32 -> Val.Type.I32;
                case I64 -> Val.Type.I64;
                case F32 -> Val.Type.F32;
                case F64 -> Val.Type.F64;
                default ->
                    throw new IllegalArgumentException("value type " + types.get(i)
                            + " cannot cross the host boundary; only i32, i64, f32 and f64 can");
            };
        }
        return out;
    }

    private static Val toVal(ValueType type, Object value, String what, int index) {
        Val val = switch (type) {
            case I32 -> value instanceof Integer i ? Val.fromI32(i) : null;
            case I64 -> value instanceof Long l ? Val.fromI64(l) : value instanceof Integer i ? Val.fromI64(i) : null;
            case F32 -> value instanceof Float f ? Val.fromF32(f) : null;
            case F64 -> value instanceof Double d ? Val.fromF64(d) : value instanceof Float f ? Val.fromF64(f) : null;
            default ->
                throw new IllegalArgumentException(
                        what + " value " + index + " has type " + type + ", which cannot cross the host boundary");
        };
        if (val == null) {
            throw new IllegalArgumentException(
                    what + " value " + index + " must be " + javaTypeOf(type) + " for " + type + " but was "
                            + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return val;
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
