package io.airssys.wasm.engine.chicory;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.spi.BackendModule;
import io.airssys.wasm.testing.Wat;
import org.junit.jupiter.api.Test;

class ChicoryModuleCacheTest {

    private static final byte[] ONE = Wat.compile("(module (func (export \"f\") (result i32) (i32.const 1)))");
    private static final byte[] TWO = Wat.compile("(module (func (export \"f\") (result i32) (i32.const 2)))");

    @Test
    void identicalBytesShareTheirCompiledClassesUntilTheLastModuleCloses() {
        try (ChicoryBackend backend = new ChicoryBackend(EngineSettings.defaults())) {
            BackendModule first = backend.compile("a@1.0.0", ONE);
            BackendModule again = backend.compile("a@1.0.0#2", ONE);
            BackendModule other = backend.compile("b@1.0.0", TWO);
            assertThat(backend.cachedModules()).isEqualTo(2);

            first.close();
            first.close(); // closing twice releases once
            assertThat(backend.cachedModules()).isEqualTo(2);

            again.close();
            other.close();
            assertThat(backend.cachedModules()).isZero();
        }
    }
}
