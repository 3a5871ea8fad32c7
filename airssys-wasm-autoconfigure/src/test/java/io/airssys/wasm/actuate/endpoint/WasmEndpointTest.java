package io.airssys.wasm.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.actuate.endpoint.WasmEndpoint.Action;
import io.airssys.wasm.actuate.endpoint.WasmEndpoint.RoutedVersionDescriptor;
import io.airssys.wasm.actuate.endpoint.WasmEndpoint.Strategy;
import io.airssys.wasm.runtime.CanaryAnalysis;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.testing.TestComponents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.FileSystemUtils;

class WasmEndpointTest {

    @TempDir
    Path dir;

    private ComponentRuntime runtime;
    private WasmEndpoint endpoint;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(
                RuntimeConfig.builder(dir.resolve("registry")).build());
        endpoint = endpoint(1 << 20);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private WasmEndpoint endpoint(long maxUpload) {
        return new WasmEndpoint(
                runtime,
                new ArtifactLocations(
                        new DefaultResourceLoader(),
                        List.of("classpath:", dir.toUri().toString()),
                        maxUpload));
    }

    private String file(String name, byte[] artifact) throws IOException {
        return "file:" + Files.write(dir.resolve(name), artifact);
    }

    private String reply() {
        return new String(runtime.component("greeter").execute(new byte[] {1}), StandardCharsets.UTF_8);
    }

    @Test
    void aCanaryDeployedWithAnalysisAdvancesOnItsOwn() throws IOException {
        WasmEndpoint analysing = new WasmEndpoint(
                runtime,
                new ArtifactLocations(
                        new DefaultResourceLoader(), List.of(dir.toUri().toString()), 1 << 20),
                id -> CanaryAnalysis.of(List.of(30, 100), Duration.ofSeconds(30)));
        analysing.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null, null, null, null);

        var deployed = analysing.deploy(
                file("v2.wasm", TestComponents.artifact("2.0.0")), null, Strategy.CANARY, null, null, true, null, null);

        assertThat(deployed.action()).isEqualTo("deploy, analysing");
        assertThat(analysing.component("greeter").analysis())
                .isEqualTo(new WasmEndpoint.AnalysisDescriptor(
                        "1.0.0", "2.0.0", List.of(30, 100), 0, 30, 30_000, 0.05, 2.0, 20));
        assertThatThrownBy(() -> analysing.deploy(
                        file("v3.wasm", TestComponents.artifact("3.0.0")),
                        null,
                        Strategy.BLUE_GREEN,
                        null,
                        null,
                        true,
                        null,
                        null))
                .hasMessageContaining("analysis needs strategy canary or sticky-canary");
    }

    @Test
    void deploysCanariesPromotesAndRollsBack() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null, null, null, null);
        var canary = endpoint.deploy(
                file("v2.wasm", TestComponents.artifact("2.0.0")), null, Strategy.CANARY, 25, null, null, null, null);

        assertThat(canary.routing().strategy()).isEqualTo("canary");
        assertThat(canary.routing().versions())
                .extracting(
                        RoutedVersionDescriptor::version,
                        RoutedVersionDescriptor::role,
                        RoutedVersionDescriptor::percent)
                .containsExactly(Tuple.tuple("1.0.0", "active", 75), Tuple.tuple("2.0.0", "canary", 25));
        assertThat(endpoint.component("greeter").rollout())
                .as("the roll-out a restart resumes")
                .isEqualTo(new WasmEndpoint.RolloutDescriptor("canary", "2.0.0", 25, false, null));
        assertThat(endpoint.component("greeter").history())
                .extracting(h -> h.action() + " " + h.detail())
                .contains("canary 25% of calls");

        endpoint.operate("greeter", Action.PROMOTE, null, null, null);
        assertThat(reply()).isEqualTo("2.0.0");

        endpoint.operate("greeter", Action.ROLLBACK, "1.0.0", null, null);
        assertThat(reply()).isEqualTo("1.0.0");
        assertThat(endpoint.components().components()).singleElement().satisfies(summary -> {
            assertThat(summary.active()).isEqualTo("1.0.0");
            assertThat(summary.stored()).containsExactly("1.0.0", "2.0.0");
        });
    }

    @Test
    void stopsStartsAndUndeploys() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null, null, null, null);

        endpoint.operate("greeter", Action.STOP, null, null, null);
        assertThat(runtime.componentIds()).isEmpty();
        endpoint.operate("greeter", Action.START, null, null, null);
        assertThat(reply()).isEqualTo("1.0.0");

        endpoint.undeploy("greeter", null);
        assertThat(endpoint.components().components()).isEmpty();
        assertThat(endpoint.component("greeter")).isNull();
    }

    @Test
    void detailsShowVersionsManifestExportsPoolAndHistory() throws IOException {
        endpoint.deploy(
                file("v1.wasm", TestComponents.artifact("greeter", "1.0.0", 0, "description = \"says its version\"\n")),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        reply();

        var details = endpoint.component("greeter");

        assertThat(details.active()).isEqualTo("1.0.0");
        assertThat(details.stored())
                .singleElement()
                .satisfies(v -> assertThat(v.version()).isEqualTo("1.0.0"));
        assertThat(details.serving()).singleElement().satisfies(version -> {
            assertThat(version.description()).isEqualTo("says its version");
            assertThat(version.engine()).isIn("wasmtime", "chicory compiled");
            assertThat(version.exports()).contains("airssys:core/component-lifecycle@1.0.0#handle-message");
            assertThat(version.pool().created()).isPositive();
        });
        assertThat(details.history()).extracting(h -> h.action()).contains("store", "activate");
        assertThat(details.audit()).isNotEmpty();
    }

    @Test
    void deploysAnUploadedArtifact() {
        String upload = Base64.getEncoder().encodeToString(TestComponents.artifact("3.0.0"));

        endpoint.deploy(null, upload, Strategy.BLUE_GREEN, null, null, null, null, null);

        assertThat(reply()).isEqualTo("3.0.0");
        assertThatThrownBy(() -> endpoint.deploy(null, "not base64!", null, null, null, null, null, null))
                .hasMessage("artifact is not valid base64");
        assertThatThrownBy(() -> endpoint.deploy(null, null, null, null, null, null, null, null))
                .hasMessageContaining("give either location or artifact");
    }

    @Test
    void weightNeedsAPercent() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null, null, null, null);
        endpoint.deploy(
                file("v2.wasm", TestComponents.artifact("2.0.0")), null, Strategy.CANARY, 25, null, null, null, null);

        assertThatThrownBy(() -> endpoint.operate("greeter", Action.WEIGHT, null, null, null))
                .hasMessageContaining("weight needs a percent");
        assertThat(endpoint.operate("greeter", Action.WEIGHT, null, 60, null)
                        .routing()
                        .versions())
                .extracting(RoutedVersionDescriptor::percent)
                .containsExactly(40, 60);
    }

    @Test
    void writeOperationsAreOffUntilTheOperatorEnablesThem() {
        assertThat(WasmEndpoint.class.getAnnotation(Endpoint.class).defaultAccess())
                .isEqualTo(Access.READ_ONLY);
    }

    @Test
    void readsArtifactsOnlyFromAllowedLocations() throws IOException {
        Path elsewhere = Files.createDirectories(dir.getParent().resolve(dir.getFileName() + "-elsewhere"));
        try {
            Path outside = Files.write(elsewhere.resolve("v1.wasm"), TestComponents.artifact("1.0.0"));
            Files.createSymbolicLink(dir.resolve("link.wasm"), outside);

            for (String location : List.of(
                    "file:" + outside,
                    "file:/etc/passwd",
                    "file:" + dir + "/../" + elsewhere.getFileName() + "/v1.wasm",
                    "file:" + dir.resolve("link.wasm"),
                    "http://169.254.169.254/latest/meta-data",
                    "https://example.com/v1.wasm",
                    "ftp://x/y",
                    "jar:file:/tmp/x.jar!/a.wasm")) {
                assertThatThrownBy(() -> endpoint.deploy(location, null, null, null, null, null, null, null))
                        .as(location)
                        .isInstanceOf(InvalidEndpointRequestException.class)
                        .hasMessageContaining("is not allowed");
            }
            assertThat(runtime.componentIds()).isEmpty();
        } finally {
            FileSystemUtils.deleteRecursively(elsewhere);
        }
    }

    @Test
    void refusesUploadsAndFilesAboveTheLimit() throws IOException {
        WasmEndpoint small = endpoint(100);
        byte[] artifact = TestComponents.artifact("1.0.0");

        assertThatThrownBy(() -> small.deploy(
                        null, Base64.getEncoder().encodeToString(artifact), null, null, null, null, null, null))
                .hasMessageContaining("larger than the upload limit of 100 bytes");
        assertThatThrownBy(() -> small.deploy(file("v1.wasm", artifact), null, null, null, null, null, null, null))
                .hasMessageContaining("larger than the upload limit of 100 bytes");
    }

    @Test
    void rollingStepsAreBounded() throws IOException {
        endpoint.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null, null, null, null);

        long start = System.nanoTime();
        assertThatThrownBy(() -> endpoint.deploy(
                        file("v2.wasm", TestComponents.artifact("2.0.0")),
                        null,
                        Strategy.ROLLING,
                        null,
                        2_000_000_000,
                        null,
                        null,
                        null))
                .hasMessageContaining("rolling steps must be 1 to 100");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void unknownActionsAndStrategiesOverHttpNameTheValidValues() {
        WasmEndpointWebExtension web = new WasmEndpointWebExtension(endpoint);

        var action = web.operate("greeter", "explode", null, null, null, null);
        var strategy = web.deploy("classpath:x.wasm", null, "yolo", null, null, null, null, null, null);

        assertThat(action.getStatus()).isEqualTo(400);
        assertThat(((Map<?, ?>) action.getBody()).get("detail"))
                .isEqualTo("unknown action 'explode'; use promote, rollback, stop, start, weight");
        assertThat(((Map<?, ?>) strategy.getBody()).get("detail"))
                .isEqualTo("unknown strategy 'yolo'; use immediate, blue-green, canary, sticky-canary, rolling");
        assertThat(WasmEndpoint.parse(Strategy.class, "strategy", "Blue-Green")).isEqualTo(Strategy.BLUE_GREEN);
        assertThat(WasmEndpoint.parse(Strategy.class, "strategy", "sticky_canary"))
                .isEqualTo(Strategy.STICKY_CANARY);
    }

    @Test
    void badRequestsOverHttpAreProblemDetailsWithTheReason() {
        WasmEndpointWebExtension web = new WasmEndpointWebExtension(endpoint);

        var response = web.operate("greeter", "promote", null, null, null, null);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).hasToString("application/problem+json");
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = (Map<String, Object>) response.getBody();
        assertThat(problem).containsEntry("status", 400).containsEntry("title", "Bad Request");
        assertThat(problem.get("detail").toString()).contains("component 'greeter' is not deployed");
    }

    @Test
    void aChangeBasedOnAnOlderRevisionOfASharedRegistryAnswersConflictWithTheRevisionNow() throws IOException {
        javax.sql.DataSource database = io.airssys.wasm.testing.PostgresDatabase.fresh();
        try (ComponentRuntime shared = ComponentRuntime.create(RuntimeConfig.builder(dir.resolve("shared"))
                .registry(io.airssys.wasm.registry.JdbcComponentRegistry.open(database, dir.resolve("cache")))
                .replicaId("a")
                .build())) {
            WasmEndpoint clustered = new WasmEndpoint(
                    shared,
                    new ArtifactLocations(
                            new DefaultResourceLoader(), List.of(dir.toUri().toString()), 1 << 20));
            WasmEndpointWebExtension web = new WasmEndpointWebExtension(clustered);
            clustered.deploy(
                    file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null, null, null, null);
            clustered.deploy(
                    file("v2.wasm", TestComponents.artifact("2.0.0")),
                    null,
                    Strategy.CANARY,
                    10,
                    null,
                    null,
                    null,
                    null);
            var seen = clustered.component("greeter").cluster();
            assertThat(seen.replica()).isEqualTo("a");
            assertThat(seen.replicas())
                    .singleElement()
                    .satisfies(r -> assertThat(r.serving()).isEqualTo("1.0.0 active 90%, 2.0.0 canary 10%"));
            assertThat(clustered.components().components().get(0).revision()).isEqualTo(seen.revision());

            var stale = web.operate("greeter", "weight", null, 50, seen.revision() - 1, null);
            var current = web.operate("greeter", "weight", null, 50, seen.revision(), null);

            assertThat(stale.getStatus()).isEqualTo(409);
            assertThat(stale.getContentType()).hasToString("application/problem+json");
            @SuppressWarnings("unchecked")
            Map<String, Object> problem = (Map<String, Object>) stale.getBody();
            assertThat(problem).containsEntry("title", "Conflict").containsEntry("revision", seen.revision());
            assertThat(problem.get("detail").toString())
                    .contains("is at revision " + seen.revision() + ", not " + (seen.revision() - 1));
            assertThat(current.getStatus()).isEqualTo(200);
            assertThat(shared.status("greeter").orElseThrow().versions().get(1).percent())
                    .isEqualTo(50);
        }
    }

    @Test
    void theHistorySaysWhichOperatorMadeEachChangeOverHttp() throws IOException {
        WasmEndpointWebExtension web = new WasmEndpointWebExtension(endpoint);
        SecurityContext alice = new SecurityContext() {
            @Override
            public java.security.Principal getPrincipal() {
                return () -> "alice";
            }

            @Override
            public boolean isUserInRole(String role) {
                return true;
            }
        };

        web.deploy(file("v1.wasm", TestComponents.artifact("1.0.0")), null, null, null, null, null, null, null, alice);
        web.deploy(
                file("v2.wasm", TestComponents.artifact("2.0.0")), null, "canary", 20, null, null, null, null, alice);
        web.operate("greeter", "promote", null, null, null, alice);

        assertThat(endpoint.component("greeter").history())
                .extracting(h -> h.action() + " " + h.detail())
                .contains("activate deployed (by alice)", "canary 20% of calls (by alice)", "promote by alice");
    }
}
