package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Without airssys-wasm-core on the class path, or switched off, every auto-configuration backs off. */
class WasmAutoConfigurationBackOffTest {

    @Test
    void everyAutoConfigurationBacksOffWithoutTheCore() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class,
                        WasmComponentProxyAutoConfiguration.class,
                        WasmObservationAutoConfiguration.class,
                        WasmEndpointAutoConfiguration.class,
                        WasmHealthContributorAutoConfiguration.class,
                        WasmMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(
                        "io.airssys.wasm.engine", "io.airssys.wasm.runtime", "io.airssys.wasm.signing"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanDefinitionNames())
                            .noneMatch(name -> name.toLowerCase().contains("wasm"));
                });
    }

    @Test
    void everyAutoConfigurationBacksOffWhenDisabled() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class,
                        WasmComponentProxyAutoConfiguration.class,
                        WasmEndpointAutoConfiguration.class,
                        WasmHealthContributorAutoConfiguration.class,
                        WasmMetricsAutoConfiguration.class))
                .withPropertyValues("airssys.wasm.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeanDefinitionNames())
                            .noneMatch(
                                    name -> name.toLowerCase().contains("wasm") && !name.contains("AutoConfiguration"));
                });
    }
}
