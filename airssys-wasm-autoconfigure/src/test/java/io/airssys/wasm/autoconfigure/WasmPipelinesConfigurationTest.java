package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.actuate.endpoint.WasmPipelinesEndpoint;
import io.airssys.wasm.runtime.Pipelines;
import io.airssys.wasm.testing.TestComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class WasmPipelinesConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void configuredPipelineIsABeanAndRunsThroughTheActuator() throws IOException {
        Path a = Files.write(dir.resolve("a.wasm"), TestComponents.appender("a", "-a"));
        Path b = Files.write(dir.resolve("b.wasm"), TestComponents.appender("b", "-b"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class,
                        WasmEndpointAutoConfiguration.class))
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry"),
                        "airssys.wasm.components.a.location=file:" + a,
                        "airssys.wasm.components.b.location=file:" + b,
                        "airssys.wasm.pipelines.enrich.steps=a,b",
                        "management.endpoints.web.exposure.include=wasmpipelines")
                .run(context -> {
                    assertThat(context.getBean(Pipelines.class)
                                    .get("enrich")
                                    .orElseThrow()
                                    .steps())
                            .containsExactly("a", "b");
                    WasmPipelinesEndpoint endpoint = context.getBean(WasmPipelinesEndpoint.class);
                    assertThat(endpoint.run("enrich", "order").output()).isEqualTo("order-a-b");
                    assertThat(endpoint.pipelines().pipelines())
                            .singleElement()
                            .satisfies(p -> assertThat(p.runs()).isEqualTo(1));
                });
    }

    @Test
    void pipelineWithoutStepsNamesTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class))
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry2"), "airssys.wasm.pipelines.empty.steps=")
                .run(context ->
                        assertThat(context).getFailure().hasMessageContaining("airssys.wasm.pipelines.empty.steps"));
    }
}
