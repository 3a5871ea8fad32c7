package io.airssys.wasm.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.testing.Wat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChicoryInterpreterFallbackTest {

    /** A function too large for one JVM method (64 KiB of bytecode), which Chicory's compiler cannot compile. */
    private static byte[] hugeFunction() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 70_000; i++) {
            body.append("(local.set 0 (i32.add (local.get 0) (i32.const 1)))\n");
        }
        return Wat.compile("(module (func (export \"count\") (result i32) (local i32)\n" + body + "(local.get 0)))");
    }

    @Test
    void aModuleTheCompilerCannotTakeRunsInTheInterpreter() {
        try (WasmEngine engine = WasmEngine.create(EngineSettings.defaults().withType(EngineType.CHICORY));
                CompiledModule module = engine.compile("huge@1.0.0", hugeFunction(), ModuleLimits.DEFAULT);
                InstancePool pool = new InstancePool(module, List.of(), PoolSettings.defaults())) {
            assertThat(module.engineDescription()).startsWith("chicory interpreter: Chicory's compiler could not");
            assertThat(pool.call("count")).containsExactly(70_000);
        }
    }

    @Test
    void anOrdinaryModuleIsCompiled() {
        try (WasmEngine engine = WasmEngine.create(EngineSettings.defaults().withType(EngineType.CHICORY));
                CompiledModule module = engine.compile(
                        "small@1.0.0",
                        Wat.compile("(module (func (export \"one\") (result i32) (i32.const 1)))"),
                        ModuleLimits.DEFAULT)) {
            assertThat(module.engineDescription()).isEqualTo("chicory compiled");
        }
    }
}
