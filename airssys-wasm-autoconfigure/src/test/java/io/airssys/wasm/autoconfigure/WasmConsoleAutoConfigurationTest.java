package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.actuate.console.VersionLatencies;
import io.airssys.wasm.actuate.console.WasmConsoleEndpoint;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.testing.TestComponents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.Principal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The operator's console: off by default, a page for viewers and operators, latency from the call timers. */
class WasmConsoleAutoConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class,
                        WasmEndpointAutoConfiguration.class,
                        WasmMetricsAutoConfiguration.class,
                        WasmConsoleAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry"),
                        "management.endpoints.web.exposure.include=wasm,wasmconsole");
    }

    private static SecurityContext user(String name, String... roles) {
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return name == null ? null : () -> name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return java.util.List.of(roles).contains(role);
            }
        };
    }

    @Test
    void isOffUnlessEnabled() {
        runner().run(context -> assertThat(context).doesNotHaveBean(WasmConsoleEndpoint.class));
        runner().withPropertyValues("airssys.wasm.console.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(WasmConsoleEndpoint.class));
    }

    @Test
    void isServedOnlyWhereTheEndpointIsExposed() {
        runner().withPropertyValues(
                        "airssys.wasm.console.enabled=true", "management.endpoints.web.exposure.include=wasm")
                .run(context -> assertThat(context).doesNotHaveBean(WasmConsoleEndpoint.class));
    }

    @Test
    void offersActionsToTheOperatorRoleOnlyAndEscapesTheUserName() {
        runner().withPropertyValues(
                        "airssys.wasm.console.enabled=true",
                        "airssys.wasm.console.operator-role=OPS",
                        "airssys.wasm.console.refresh=5s")
                .run(context -> {
                    WasmConsoleEndpoint console = context.getBean(WasmConsoleEndpoint.class);

                    String operator = console.page(user("ops", "OPS"));
                    String viewer = console.page(user("<script>alert(1)</script>"));

                    assertThat(operator)
                            .contains("data-operator=\"true\"", "data-refresh=\"5000\"", ">ops<")
                            .contains("function refresh()") // the script is inlined, nothing is fetched from elsewhere
                            .doesNotContain("{{", "src=\"http", "href=\"http", "@import");
                    assertThat(viewer)
                            .contains("data-operator=\"false\"", "&lt;script&gt;alert(1)&lt;/script&gt;")
                            .doesNotContain("<script>alert(1)</script>");
                });
        runner().withPropertyValues("airssys.wasm.console.enabled=true")
                .run(context -> assertThat(
                                context.getBean(WasmConsoleEndpoint.class).page(user(null)))
                        .as("without an operator role, the wasm endpoint's own protection decides")
                        .contains("data-operator=\"true\""));
    }

    @Test
    void showsEachVersionsLatencyPercentilesAndHealthFromItsCalls() {
        runner().withPropertyValues("airssys.wasm.console.enabled=true").run(context -> {
            ComponentRuntime runtime = context.getBean(ComponentRuntime.class);
            runtime.deploy(TestComponents.artifact("1.0.0"));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // Spring Boot's metrics auto-configuration gives registries the MeterFilter beans; by hand here
            meters.config().meterFilter(context.getBean("wasmConsoleCallHistograms", MeterFilter.class));
            // 98 calls of 20 µs and 2 of 40 ms, under two functions: percentiles over all of them
            Timer fast = Timer.builder(VersionLatencies.TIMER)
                    .tags("component", "greeter", "version", "1.0.0", "function", "a", "outcome", "success")
                    .register(meters);
            Timer slow = Timer.builder(VersionLatencies.TIMER)
                    .tags("component", "greeter", "version", "1.0.0", "function", "b", "outcome", "trap")
                    .register(meters);
            for (int i = 0; i < 98; i++) {
                fast.record(20, TimeUnit.MICROSECONDS);
            }
            slow.record(40, TimeUnit.MILLISECONDS);
            slow.record(40, TimeUnit.MILLISECONDS);

            var stats = context.getBean(WasmConsoleEndpoint.class).component("greeter");

            assertThat(stats.health()).containsEntry("1.0.0", "UP");
            assertThat(stats.latencies()).singleElement().satisfies(latency -> {
                assertThat(latency.calls()).isEqualTo(100);
                assertThat(latency.p50Millis()).isEqualTo(0.02); // the 20 µs bucket's bound
                assertThat(latency.p99Millis()).isEqualTo(50.0); // 40 ms falls in the bucket up to 50 ms
            });
        });
    }
}
