package io.airssys.wasm.engine.wasmtime;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Val;
import java.util.List;

/** Boxed core values to wasmtime's {@link Val}s and back; the values are already checked against their types. */
final class WasmtimeValues {

    private WasmtimeValues() {}

    static Val[] toVals(Object[] values) {
        Val[] vals = new Val[values.length];
        for (int i = 0; i < values.length; i++) {
            vals[i] = toVal(values[i]);
        }
        return vals;
    }

    private static Val toVal(Object value) {
        if (value instanceof Integer i) {
            return Val.fromI32(i);
        }
        if (value instanceof Long l) {
            return Val.fromI64(l);
        }
        if (value instanceof Float f) {
            return Val.fromF32(f);
        }
        return Val.fromF64((Double) value);
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
}
