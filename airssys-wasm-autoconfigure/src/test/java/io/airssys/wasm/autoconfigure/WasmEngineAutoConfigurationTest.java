package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import io.airssys.wasm.engine.WasmEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class WasmEngineAutoConfigurationTest {

    /** wasmtime makes its cache directory when the engine starts: keep it out of the working directory. */
    @TempDir
    static Path registry;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WasmEngineAutoConfiguration.class))
            .withPropertyValues("airssys.wasm.registry.path=" + registry);

    @Test
    void createsAnEngineWithDefaultSettings() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(WasmEngine.class);
            assertThat(context.getBean(WasmEngine.class).settings())
                    .isEqualTo(EngineSettings.defaults().withCompileCache(registry.resolve("compile-cache")));
        });
    }

    @Test
    void bindsEngineProperties() {
        runner.withPropertyValues("airssys.wasm.engine.epoch-tick=5ms", "airssys.wasm.engine.max-wasm-stack=256KB")
                .run(context -> assertThat(context.getBean(WasmEngine.class).settings())
                        .isEqualTo(new EngineSettings(Duration.ofMillis(5), 256 * 1024)
                                .withCompileCache(registry.resolve("compile-cache"))));
    }

    @Test
    void keepsCompiledModulesInTheRegistryDirectoryOrWhereConfiguredOrNowhere() {
        Path otherRegistry = registry.resolve("other-registry");
        runner.withPropertyValues("airssys.wasm.registry.path=" + otherRegistry)
                .run(context -> assertThat(
                                context.getBean(WasmEngine.class).settings().compileCache())
                        .contains(otherRegistry.resolve("compile-cache")));
        Path cache = registry.resolve("cache");
        runner.withPropertyValues("airssys.wasm.engine.compile-cache.directory=" + cache)
                .run(context -> assertThat(
                                context.getBean(WasmEngine.class).settings().compileCache())
                        .contains(cache));
        runner.withPropertyValues("airssys.wasm.engine.compile-cache.enabled=false")
                .run(context -> assertThat(
                                context.getBean(WasmEngine.class).settings().compileCache())
                        .isEmpty());
    }

    @Test
    void runsTheEngineTheTypePropertyNames() {
        runner.withPropertyValues("airssys.wasm.engine.type=wasmtime")
                .run(context -> assertThat(
                                context.getBean(WasmEngine.class).settings().type())
                        .isEqualTo(EngineType.WASMTIME));
    }

    @Test
    void closesTheEngineWithTheContext() {
        WasmEngine[] engine = new WasmEngine[1];
        runner.run(context -> engine[0] = context.getBean(WasmEngine.class));

        assertThat(engine[0].isClosed()).isTrue();
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnEngine() {
        runner.withUserConfiguration(CustomEngine.class).run(context -> {
            assertThat(context).hasSingleBean(WasmEngine.class);
            assertThat(context.getBean(WasmEngine.class).settings().epochTick()).isEqualTo(Duration.ofMillis(7));
        });
    }

    @Test
    void backsOffWithoutTheRuntimeOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(WasmEngine.class))
                .run(context -> assertThat(context).doesNotHaveBean("wasmEngine"));
    }

    @Test
    void refusesAnInvalidEpochTickWithAClearMessage() {
        runner.withPropertyValues("airssys.wasm.engine.epoch-tick=0ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("epochTick must be positive");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomEngine {
        @Bean(destroyMethod = "close")
        WasmEngine customEngine() {
            return WasmEngine.create(new EngineSettings(Duration.ofMillis(7), 512 * 1024));
        }
    }
}
