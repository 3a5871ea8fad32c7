package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.actuate.endpoint.WasmEndpoint;
import io.airssys.wasm.actuate.endpoint.WasmEndpointWebExtension;
import io.airssys.wasm.actuate.health.WasmHealthContributor;
import io.airssys.wasm.actuate.metrics.WasmMetrics;
import io.airssys.wasm.actuate.observation.ObservationCallInterceptor;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.testing.TestComponents;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoint, health, metrics and observation auto-configurations. */
class WasmActuatorAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner actuatorOnly = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    WasmObservationAutoConfiguration.class,
                    WasmEndpointAutoConfiguration.class,
                    WasmHealthContributorAutoConfiguration.class,
                    WasmMetricsAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=wasm");

    private ApplicationContextRunner withRuntime() {
        return actuatorOnly
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class))
                .withPropertyValues("airssys.wasm.registry.path=" + dir.resolve("registry"));
    }

    @Test
    void nothingWithoutARuntime() {
        actuatorOnly.run(context -> assertThat(context)
                .doesNotHaveBean(WasmEndpoint.class)
                .doesNotHaveBean(WasmHealthContributor.class)
                .doesNotHaveBean(WasmMetrics.class));
    }

    @Test
    void endpointHealthAndMetricsWithARuntime() {
        withRuntime()
                .run(context -> assertThat(context)
                        .hasSingleBean(WasmEndpoint.class)
                        .hasSingleBean(WasmEndpointWebExtension.class)
                        .hasSingleBean(WasmHealthContributor.class)
                        .hasSingleBean(WasmMetrics.class)
                        .doesNotHaveBean(ObservationCallInterceptor.class));
    }

    @Test
    void theEndpointIsGoneWhenAccessIsNone() {
        withRuntime()
                .withPropertyValues("management.endpoint.wasm.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(WasmEndpoint.class));
    }

    @Test
    void anUnhealthyComponentLeavesTheApplicationsHealthUpUnlessConfiguredToBeDown() throws IOException {
        Path sick = Files.write(
                dir.resolve("sick.wasm"), TestComponents.artifact("sick", "1.0.0", 0, "[resources]\ninstances = 1\n"));
        ApplicationContextRunner withHealthEndpoint = withRuntime()
                .withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.health.autoconfigure.registry
                                .HealthContributorRegistryAutoConfiguration.class,
                        org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration
                                .class))
                // the application's own health, beside the components'
                .withBean(
                        "database",
                        org.springframework.boot.health.contributor.HealthIndicator.class,
                        () -> () -> org.springframework.boot.health.contributor.Health.up()
                                .build())
                .withPropertyValues(
                        "management.endpoints.web.exposure.include=wasm,health",
                        "airssys.wasm.components.sick.location=file:" + sick);
        withHealthEndpoint.run(context -> {
            makeSick(context);
            var health = context.getBean(org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class);
            assertThat(health.health().getStatus()).hasToString("UP");
            assertThat(health.healthForPath("wasm", "sick").getStatus()).hasToString("UNHEALTHY");
        });
        withHealthEndpoint
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry-2"),
                        "airssys.wasm.actuator.unhealthy-component-is-down=true")
                .run(context -> {
                    makeSick(context);
                    var health = context.getBean(org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class);
                    assertThat(health.health().getStatus()).hasToString("DOWN");
                });
    }

    /** The test component's instance turns unhealthy when it receives "sick". */
    private static void makeSick(org.springframework.context.ApplicationContext context) {
        context.getBean(ComponentRuntime.class)
                .component("sick")
                .execute("sick".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        withRuntime()
                .withPropertyValues("management.health.wasm.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(WasmHealthContributor.class));
    }

    @Test
    void callsAreObservedWhenTheApplicationHasAnObservationRegistry() throws IOException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        Path artifact = Files.write(dir.resolve("greeter.wasm"), TestComponents.artifact("1.0.0"));

        withRuntime()
                .withBean(ObservationRegistry.class, () -> observations)
                .withPropertyValues("airssys.wasm.components.greeter.location=file:" + artifact)
                .run(context -> {
                    assertThat(context).hasSingleBean(ObservationCallInterceptor.class);
                    context.getBean(ComponentRuntime.class).component("greeter").execute(new byte[] {1});
                    assertThat(meters.get("airssys.wasm.calls")
                                    .tag("outcome", "success")
                                    .timer()
                                    .count())
                            .isEqualTo(1);
                });
    }
}
