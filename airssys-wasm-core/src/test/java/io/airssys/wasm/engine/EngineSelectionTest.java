package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineSelectionTest {

    @Test
    void theDefaultEngineIsTheOneTheBuildAskedFor() {
        String asked = System.getProperty(EngineType.DEFAULT_PROPERTY);

        try (WasmEngine engine = WasmEngine.create()) {
            assertThat(engine.settings().type())
                    .as("the suite runs on the engine its surefire execution names")
                    .isEqualTo(asked == null ? EngineType.CHICORY : EngineType.valueOf(asked.toUpperCase()));
        }
    }

    @Test
    void everyEngineCanBeChosenExplicitly() {
        for (EngineType type : EngineType.values()) {
            try (WasmEngine engine = WasmEngine.create(EngineSettings.defaults().withType(type))) {
                assertThat(engine.settings().type()).isEqualTo(type);
            }
        }
    }

    @Test
    void anUnknownDefaultEngineIsAClearError() {
        String previous = System.getProperty(EngineType.DEFAULT_PROPERTY);
        System.setProperty(EngineType.DEFAULT_PROPERTY, "v8");
        try {
            assertThatThrownBy(EngineType::defaultType)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("airssys.wasm.engine.type='v8' names no engine; use wasmtime or chicory");
        } finally {
            if (previous == null) {
                System.clearProperty(EngineType.DEFAULT_PROPERTY);
            } else {
                System.setProperty(EngineType.DEFAULT_PROPERTY, previous);
            }
        }
    }
}
