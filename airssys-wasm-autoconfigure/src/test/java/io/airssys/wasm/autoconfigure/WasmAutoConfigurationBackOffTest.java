package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.actuate.WasmActuatorAutoConfiguration;
import io.airssys.wasm.actuate.WasmHealthAutoConfiguration;
import io.airssys.wasm.actuate.WasmMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Without airssys-wasm-core on the class path, every auto-configuration backs off and the application starts. */
class WasmAutoConfigurationBackOffTest {

    @Test
    void everyAutoConfigurationBacksOffWithoutTheCore() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class, WasmRuntimeAutoConfiguration.class,
                        WasmComponentProxyAutoConfiguration.class, WasmActuatorAutoConfiguration.class,
                        WasmHealthAutoConfiguration.class, WasmMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.airssys.wasm.engine", "io.airssys.wasm.runtime",
                        "io.airssys.wasm.signing"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanDefinitionNames()).noneMatch(name -> name.toLowerCase().contains("wasm"));
                });
    }
}
