package io.airssys.wasm.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.autoconfigure.WasmEngineAutoConfiguration;
import io.airssys.wasm.autoconfigure.WasmRuntimeAutoConfiguration;
import io.airssys.wasm.autoconfigure.WasmSecurityAutoConfiguration;
import io.airssys.wasm.deployment.VersionStats;
import io.airssys.wasm.runtime.ComponentErrorException;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.testing.TestComponents;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.DefaultResourceLoader;

class WasmActuatorTest {

    @TempDir
    Path dir;

    private ComponentRuntime runtime;
    private WasmEndpoint endpoint;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(dir.resolve("registry")).build());
        endpoint = new WasmEndpoint(runtime, new DefaultResourceLoader(), properties(1 << 20));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private WasmActuatorProperties properties(long maxUpload) {
        return new WasmActuatorProperties(java.util.List.of("classpath:", dir.toUri().toString()),
                org.springframework.util.unit.DataSize.ofBytes(maxUpload));
    }

    private String file(String name, byte[] artifact) throws IOException {
        return "file:" + Files.write(dir.resolve(name), artifact);
    }

    private String reply() {
        return new String(runtime.execute("greeter", new byte[] {1}), StandardCharsets.UTF_8);
    }

    @Test
    void deploysCanariesPromotesAndRollsBack() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null);
        var canary = endpoint.deploy(file("v2.wasm", TestComponents.artifact("2.0.0")), null, "canary", 25, null);

        assertThat(canary.routing().orElseThrow().versions()).extracting(v -> v.version().toString(), VersionStats::percent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", 75),
                        org.assertj.core.groups.Tuple.tuple("2.0.0", 25));

        endpoint.operate("greeter", "promote", null, null);
        assertThat(reply()).isEqualTo("2.0.0");

        endpoint.operate("greeter", "rollback", "1.0.0", null);
        assertThat(reply()).isEqualTo("1.0.0");
        assertThat(endpoint.components().components()).singleElement().satisfies(summary -> {
            assertThat(summary.active()).contains("1.0.0");
            assertThat(summary.stored()).containsExactly("1.0.0", "2.0.0");
        });
    }

    @Test
    void stopsStartsAndUndeploys() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null);

        endpoint.operate("greeter", "stop", null, null);
        assertThat(runtime.componentIds()).isEmpty();
        endpoint.operate("greeter", "start", null, null);
        assertThat(reply()).isEqualTo("1.0.0");

        endpoint.undeploy("greeter");
        assertThat(endpoint.components().components()).isEmpty();
        assertThat(endpoint.component("greeter")).isNull();
    }

    @Test
    void detailsShowVersionsManifestExportsPoolAndHistory() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("greeter", "1.0.0", 0,
                "description = \"says its version\"\n")), null, null, null, null);
        reply();

        var details = endpoint.component("greeter");

        assertThat(details.active()).contains("1.0.0");
        assertThat(details.serving()).singleElement().satisfies(version -> {
            assertThat(version.description()).isEqualTo("says its version");
            assertThat(version.exports()).contains("airssys:core/component-lifecycle@1.0.0#handle-message");
            assertThat(version.pool().created()).isPositive();
        });
        assertThat(details.history()).extracting(h -> h.action()).contains("store", "activate");
        assertThat(details.audit()).isNotEmpty();
    }

    @Test
    void deploysAnUploadedArtifact() {
        String upload = java.util.Base64.getEncoder().encodeToString(TestComponents.artifact("3.0.0"));

        endpoint.deploy(null, upload, "blue-green", null, null);

        assertThat(reply()).isEqualTo("3.0.0");
        assertThatThrownBy(() -> endpoint.deploy(null, "not base64!", null, null, null))
                .hasMessage("artifact is not valid base64");
        assertThatThrownBy(() -> endpoint.deploy(null, null, null, null, null))
                .hasMessageContaining("give either location or artifact");
    }

    @Test
    void refusesUnknownActionsAndStrategies() {
        assertThatThrownBy(() -> endpoint.operate("greeter", "explode", null, null))
                .hasMessageContaining("unknown action 'explode'");
        assertThatThrownBy(() -> WasmEndpoint.strategy("yolo", null, null))
                .hasMessageContaining("unknown strategy 'yolo'");
    }

    @Test
    void healthIsPerComponent() {
        runtime.loadComponent(TestComponents.artifact("1.0.0"));
        runtime.loadComponent(TestComponents.artifact("sick", "1.0.0", 2, ""));
        WasmHealthContributor health = new WasmHealthContributor(runtime);

        assertThat(((HealthIndicator) health.getContributor("greeter")).health().getStatus()).isEqualTo(Status.UP);
        assertThat(((HealthIndicator) health.getContributor("sick")).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.stream().map(e -> e.name())).containsExactly("greeter", "sick");
        assertThat(health.getContributor("absent")).isNull();
    }

    @Test
    void callsAreTimedWithComponentVersionFunctionAndOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new WasmMetrics(runtime).bindTo(registry);
        runtime.loadComponent(TestComponents.artifact("1.0.0"));

        reply();
        assertThatThrownBy(() -> runtime.execute("greeter", "boom".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ComponentErrorException.class);

        Timer success = registry.get("airssys.wasm.calls").tags("component", "greeter", "version", "1.0.0",
                "function", "handle-message", "outcome", "success").timer();
        Timer error = registry.get("airssys.wasm.calls").tag("outcome", "component-error").timer();
        assertThat(success.count()).isEqualTo(1);
        assertThat(error.count()).isEqualTo(1);
        assertThat(registry.get("airssys.wasm.deployments").tag("event", "deployed").counter().count()).isEqualTo(1);
    }

    @Test
    void autoConfiguresEndpointHealthAndMetricsOnlyWhenTheRuntimeExists() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WasmActuatorAutoConfiguration.class,
                        WasmHealthAutoConfiguration.class, WasmMetricsAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=wasm");

        runner.run(context -> assertThat(context).doesNotHaveBean(WasmEndpoint.class)
                .doesNotHaveBean(WasmHealthContributor.class).doesNotHaveBean(WasmMetrics.class));
        runner.withConfiguration(AutoConfigurations.of(WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class, WasmRuntimeAutoConfiguration.class))
                .withPropertyValues("airssys.wasm.registry.path=" + dir.resolve("ctx"))
                .run(context -> assertThat(context).hasSingleBean(WasmEndpoint.class)
                        .hasBean("wasm").hasSingleBean(WasmMetrics.class));
        runner.withConfiguration(AutoConfigurations.of(WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class, WasmRuntimeAutoConfiguration.class))
                .withPropertyValues("airssys.wasm.registry.path=" + dir.resolve("ctx2"),
                        "management.endpoint.wasm.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(WasmEndpoint.class));
    }

    @Test
    void writeOperationsAreOffUntilTheOperatorEnablesThem() {
        assertThat(WasmEndpoint.class.getAnnotation(org.springframework.boot.actuate.endpoint.annotation.Endpoint.class)
                .defaultAccess()).isEqualTo(org.springframework.boot.actuate.endpoint.Access.READ_ONLY);
    }

    @Test
    void readsArtifactsOnlyFromAllowedLocations() throws IOException {
        Path elsewhere = Files.createDirectories(dir.getParent().resolve(dir.getFileName() + "-elsewhere"));
        try {
            Path outside = Files.write(elsewhere.resolve("v1.wasm"), TestComponents.artifact("1.0.0"));
            Files.createSymbolicLink(dir.resolve("link.wasm"), outside);

            for (String location : java.util.List.of("file:" + outside, "file:/etc/passwd", "file:" + dir + "/../"
                    + elsewhere.getFileName() + "/v1.wasm", "file:" + dir.resolve("link.wasm"),
                    "http://169.254.169.254/latest/meta-data", "https://example.com/v1.wasm", "ftp://x/y",
                    "jar:file:/tmp/x.jar!/a.wasm")) {
                assertThatThrownBy(() -> endpoint.deploy(location, null, null, null, null))
                        .as(location)
                        .isInstanceOf(org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException.class)
                        .hasMessageContaining("is not allowed");
            }
            assertThat(runtime.componentIds()).isEmpty();
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(elsewhere);
        }
    }

    @Test
    void refusesUploadsAndFilesAboveTheLimit() throws IOException {
        WasmEndpoint small = new WasmEndpoint(runtime, new DefaultResourceLoader(), properties(100));
        byte[] artifact = TestComponents.artifact("1.0.0");

        assertThatThrownBy(() -> small.deploy(null, java.util.Base64.getEncoder().encodeToString(artifact), null, null,
                null)).hasMessageContaining("larger than the upload limit of 100 bytes");
        assertThatThrownBy(() -> small.deploy(file("v1.wasm", artifact), null, null, null, null))
                .hasMessageContaining("larger than the upload limit of 100 bytes");
    }

    @Test
    void rollingStepsAreBounded() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null);

        long start = System.nanoTime();
        assertThatThrownBy(() -> endpoint.deploy(file("v2.wasm", TestComponents.artifact("2.0.0")), null, "rolling",
                null, 2_000_000_000)).hasMessageContaining("rolling steps must be 1 to 100");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void badRequestsOverHttpAreProblemDetailsWithTheReason() {
        WasmEndpointWebExtension web = new WasmEndpointWebExtension(endpoint);

        var response = web.operate("greeter", "explode", null, null);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).hasToString("application/problem+json");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> problem = (java.util.Map<String, Object>) response.getBody();
        assertThat(problem).containsEntry("status", 400).containsEntry("title", "Bad Request");
        assertThat(problem.get("detail").toString()).contains("unknown action 'explode'");
    }
}
