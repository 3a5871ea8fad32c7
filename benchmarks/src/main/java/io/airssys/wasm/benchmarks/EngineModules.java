package io.airssys.wasm.benchmarks;

import io.airssys.wasm.binary.ExternType.FunctionType;
import io.airssys.wasm.binary.ValueType;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.WasmEngine;
import java.util.ArrayList;
import java.util.List;

/** The library's engine layer, for the benchmarks below the component runtime. */
final class EngineModules {

    static final FunctionType I32_TO_I32 = new FunctionType(List.of(ValueType.I32), List.of(ValueType.I32));

    private EngineModules() {}

    static WasmEngine engine(String type) {
        return WasmEngine.create(settings(type));
    }

    static EngineSettings settings(String type) {
        return EngineSettings.defaults().withType(EngineType.valueOf(type.toUpperCase()));
    }

    /** The eight imports of {@link Fixtures#HOST_WAT}, each adding one. */
    static List<HostFunction> hostFunctions() {
        List<HostFunction> functions = new ArrayList<>();
        for (String name : Fixtures.HOST_IMPORTS) {
            functions.add(new HostFunction("bench", name, I32_TO_I32, call -> new Object[] {call.intArg(0) + 1}));
        }
        return functions;
    }
}
