package io.airssys.wasm.host;

import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.IntValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.abi.WitValue.VariantValue;
import io.airssys.wasm.wit.WitPrimitive;
import java.util.Optional;

/** Short ways to build and read the WIT values host functions exchange. */
final class WitValues {

    static final WitValue UNIT_OK = ResultValue.ok(null);

    private WitValues() {}

    static String string(WitValue value) {
        return ((StringValue) value).value();
    }

    static long integer(WitValue value) {
        return ((IntValue) value).value();
    }

    static WitValue u64(long value) {
        return new IntValue(WitPrimitive.U64, value);
    }

    static WitValue ok(WitValue value) {
        return ResultValue.ok(value);
    }

    /** {@code err(case(message))} for an error variant whose case carries a string. */
    static WitValue err(String errorCase, String message) {
        return ResultValue.err(new VariantValue(errorCase, Optional.of(new StringValue(message))));
    }

    /** {@code err(case(n))} for an error variant whose case carries a u64. */
    static WitValue err(String errorCase, long number) {
        return ResultValue.err(new VariantValue(errorCase, Optional.of(u64(number))));
    }

    /** {@code err(case)} for a case without payload. */
    static WitValue err(String errorCase) {
        return ResultValue.err(new VariantValue(errorCase, Optional.empty()));
    }
}
