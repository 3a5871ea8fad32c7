package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentEvent;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.TrapKind;
import io.airssys.wasm.engine.WasmLinkException;
import io.airssys.wasm.engine.WasmTrapException;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.security.CapabilitiesRefusedException;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.HostPattern;
import io.airssys.wasm.signing.ArtifactSigner;
import io.airssys.wasm.signing.SignatureRejectedException;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.signing.TrustStore;
import io.airssys.wasm.testing.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ComponentRuntimeTest {

    @TempDir
    Path registry;

    private final List<ComponentRuntime> opened = new ArrayList<>();

    private ComponentRuntime runtime(RuntimeConfig.Builder builder) {
        ComponentRuntime runtime = ComponentRuntime.create(builder.build());
        opened.add(runtime);
        return runtime;
    }

    private ComponentRuntime runtime() {
        return runtime(RuntimeConfig.builder(registry));
    }

    @AfterEach
    void closeRuntimes() {
        opened.forEach(ComponentRuntime::close);
        opened.clear();
    }

    private static String reply(ComponentRuntime runtime, String input) {
        return new String(
                runtime.component("greeter").execute(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void listenersInTheConfigurationAreToldOfTheRestoreToo() {
        runtime().deploy(TestComponents.artifact("1.0.0"));
        closeRuntimes();
        List<DeploymentEvent> events = new ArrayList<>();

        runtime(RuntimeConfig.builder(registry).addListener(events::add));

        assertThat(events)
                .singleElement()
                .isInstanceOfSatisfying(
                        DeploymentEvent.Deployed.class,
                        deployed -> assertThat(deployed.version()).isEqualTo(SemanticVersion.parse("1.0.0")));
    }

    @Test
    void loadsAComponentInitializesEachInstanceAndExecutesIt() {
        ComponentRuntime runtime = runtime();

        assertThat(runtime.deploy(TestComponents.artifact("1.0.0")).id()).isEqualTo("greeter");

        assertThat(reply(runtime, "hello"))
                .as("initialize ran first, or the guest would refuse")
                .isEqualTo("1.0.0");
        assertThat(runtime.component("greeter").healthy()).isTrue();
        assertThat(runtime.registry().active("greeter"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(SemanticVersion.parse("1.0.0")));
    }

    @Test
    void aManifestsFuelBudgetEndsCallsThatExceedIt() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("greeter", "1.0.0", 0, "[resources]\nfuel = 1000000\n"));

        assertThat(reply(runtime, "hello")).isEqualTo("1.0.0");
        assertThatThrownBy(
                        () -> runtime.deploy(TestComponents.artifact("starved", "1.0.0", 0, "[resources]\nfuel = 3\n")))
                .as("its initialize runs out of fuel, so it never serves")
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("starved@1.0.0 failed its start-up checks at initialize")
                .rootCause()
                .isInstanceOfSatisfying(
                        WasmTrapException.class, trap -> assertThat(trap.kind()).isEqualTo(TrapKind.FUEL_EXHAUSTED));
    }

    @Test
    void theOperatorsFuelCeilingMetersEveryComponent() {
        ComponentRuntime runtime = runtime(RuntimeConfig.builder(registry).fuel(0, 3));

        assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("1.0.0")))
                .rootCause()
                .isInstanceOfSatisfying(
                        WasmTrapException.class, trap -> assertThat(trap.kind()).isEqualTo(TrapKind.FUEL_EXHAUSTED));
    }

    @Test
    void componentErrorsArriveAsExceptionsNamingTheCase() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));

        assertThatThrownBy(() -> reply(runtime, "boom"))
                .isInstanceOfSatisfying(ComponentErrorException.class, e -> {
                    assertThat(e.errorCase()).isEqualTo("invalid-input");
                    assertThat(e.detail()).isEqualTo("bad input");
                })
                .hasMessage("'greeter@1.0.0' returned invalid-input: bad input");
        assertThat(reply(runtime, "fine")).isEqualTo("1.0.0");
    }

    static Stream<DeploymentStrategy> strategies() {
        return Stream.of(
                DeploymentStrategy.immediate(),
                DeploymentStrategy.blueGreen(),
                DeploymentStrategy.canary(50),
                new DeploymentStrategy.Rolling(3, Duration.ofMillis(10)));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void switchingFromV1ToV2UnderConcurrentCallsLosesNoCall(DeploymentStrategy strategy) throws Exception {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        ExecutorService callers = Executors.newFixedThreadPool(3);
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        List<Future<Long>> futures = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            futures.add(callers.submit(() -> {
                long made = 0;
                while (running.get() || made < 200) {
                    answers.computeIfAbsent(reply(runtime, "hi"), k -> new AtomicLong())
                            .incrementAndGet();
                    made++;
                }
                return made;
            }));
        }
        Thread.sleep(50);
        runtime.deploy(TestComponents.artifact("2.0.0"), strategy);
        Thread.sleep(50);
        if (strategy instanceof DeploymentStrategy.BlueGreen || strategy instanceof DeploymentStrategy.Canary) {
            runtime.promote("greeter");
        }
        if (strategy instanceof DeploymentStrategy.Rolling) {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> runtime.serving("greeter").size() == 1
                            && runtime.serving("greeter")
                                    .get(0)
                                    .version()
                                    .toString()
                                    .equals("2.0.0"));
        }
        Thread.sleep(50);
        running.set(false);
        long made = 0;
        for (Future<Long> future : futures) {
            made += future.get(60, TimeUnit.SECONDS);
        }
        callers.shutdown();

        assertThat(answers.values().stream().mapToLong(AtomicLong::get).sum()).isEqualTo(made);
        assertThat(answers).containsKeys("1.0.0", "2.0.0");
        assertThat(reply(runtime, "hi")).isEqualTo("2.0.0");
        assertThat(runtime.registry().active("greeter").orElseThrow().version()).hasToString("2.0.0");
    }

    @Test
    void canaryAtTenPercentServesTenPercentPlusOrMinusThree() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(10));

        long canary = Stream.generate(() -> reply(runtime, "hi"))
                .limit(10_000)
                .filter("2.0.0"::equals)
                .count();

        assertThat(canary).isBetween(700L, 1_300L);
        assertThat(runtime.status("greeter").orElseThrow().versions())
                .extracting(v -> v.version().toString())
                .containsExactly("1.0.0", "2.0.0");
        assertThat(runtime.registry().active("greeter").orElseThrow().version())
                .as("a canary is not active until promoted")
                .hasToString("1.0.0");
    }

    @Test
    void rollbackRestoresV1Behaviour() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"));
        assertThat(reply(runtime, "hi")).isEqualTo("2.0.0");

        runtime.rollbackTo("greeter", SemanticVersion.parse("1.0.0"));

        assertThat(reply(runtime, "hi")).isEqualTo("1.0.0");
        assertThat(runtime.registry().active("greeter").orElseThrow().version()).hasToString("1.0.0");
    }

    @Test
    void restartRestoresTheActiveVersions() {
        ComponentRuntime first = runtime();
        first.deploy(TestComponents.artifact("1.0.0"));
        first.deploy(TestComponents.artifact("2.0.0"));
        first.deploy(TestComponents.artifact("other", "0.3.0", 0, ""));
        first.rollbackTo("greeter", SemanticVersion.parse("1.0.0"));
        first.close();

        ComponentRuntime restarted = runtime();

        assertThat(restarted.componentIds()).containsExactlyInAnyOrder("greeter", "other");
        assertThat(reply(restarted, "hi")).isEqualTo("1.0.0");
        assertThat(new String(restarted.component("other").execute(new byte[] {1}), StandardCharsets.UTF_8))
                .isEqualTo("0.3.0");
    }

    @Test
    void badArtifactsAreRefusedAndTheActiveVersionKeepsServing() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));

        assertThatThrownBy(() -> runtime.deploy(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 7, 100}))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("malformed wasm binary at offset 8");
        assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("greeter", "3.0.0", 0, "[extra]\nx = 1\n")))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("unknown key 'extra' at top level");
        assertThatThrownBy(() -> runtime.deploy(
                        TestComponents.artifact("greeter", "4.0.0", 2, ""), DeploymentStrategy.blueGreen()))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("failed its start-up checks at health: its health check says unhealthy");

        assertThat(reply(runtime, "hi")).isEqualTo("1.0.0");
        assertThat(runtime.registry().active("greeter").orElseThrow().version()).hasToString("1.0.0");
    }

    @Test
    void corruptedArtifactsAreRefusedCleanlyAndLoseNoStoredData() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        byte[] v2 = TestComponents.artifact("2.0.0");
        Random random = new Random(2026);
        int refused = 0;

        for (int i = 0; i < 300; i++) {
            byte[] corrupted = v2.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupted[8 + random.nextInt(corrupted.length - 8)] = (byte) random.nextInt(256);
            }
            try {
                ComponentHandle deployed = runtime.deploy(DeploymentRequest.of(corrupted)
                        .withGrants(CapabilitySet.NONE)
                        .withStrategy(DeploymentStrategy.blueGreen()));
                if (deployed.id().equals("greeter")) {
                    runtime.rollback("greeter"); // a harmless flip deployed: back to 1.0.0
                } else {
                    runtime.remove(deployed.id()); // a flip in the manifest's id made another component
                }
            } catch (ComponentRejectedException e) {
                refused++;
                assertThat(e.getMessage()).as("names the artifact or component").contains("was not deployed");
            }
        }

        assertThat(refused).isGreaterThan(150);
        assertThat(reply(runtime, "hi")).isEqualTo("1.0.0");
        runtime.close();
        ComponentRuntime restarted = runtime();
        assertThat(reply(restarted, "hi")).isEqualTo("1.0.0");
        restarted.close();
        ComponentRegistry stored = ComponentRegistry.open(registry);
        assertThat(stored.artifact(stored.active("greeter").orElseThrow())).isEqualTo(TestComponents.artifact("1.0.0"));
    }

    @Test
    void componentAskingForMoreThanItsGrantsIsRefusedListingWhatIsMissing() {
        String asks =
                "[permissions.network]\noutbound = [\"https://api.example.com\"]\n[permissions.env]\nvars = [\"HOME\"]\n";
        ComponentRuntime runtime = runtime(RuntimeConfig.builder(registry)
                .grants(Map.of(
                        "greeter",
                        CapabilitySet.of(new Capability.NetworkOutbound(HostPattern.parse("https://*.example.com"))))));

        assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("greeter", "1.0.0", 0, asks)))
                .isInstanceOf(ComponentRejectedException.class)
                .hasRootCauseInstanceOf(CapabilitiesRefusedException.class)
                .hasMessageContaining("requests capabilities it is not granted: [env HOME]");
        assertThat(runtime.componentIds()).isEmpty();
    }

    @Test
    void requireSignaturesRefusesUnsignedAndUntrustedArtifacts() {
        KeyPair publisher = SigningKeys.generate();
        ComponentRuntime runtime = runtime(RuntimeConfig.builder(registry)
                .signatures(new SignatureVerifier(TrustStore.of(List.of(publisher.getPublic())), true)));

        assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("1.0.0")))
                .hasRootCauseInstanceOf(SignatureRejectedException.class)
                .hasMessageContaining("unsigned and signatures are required");
        assertThatThrownBy(() ->
                        runtime.deploy(ArtifactSigner.sign(TestComponents.artifact("1.0.0"), SigningKeys.generate())))
                .hasMessageContaining("which is not trusted");

        runtime.deploy(ArtifactSigner.sign(TestComponents.artifact("1.0.0"), publisher));
        assertThat(reply(runtime, "hi")).isEqualTo("1.0.0");
    }

    @Test
    void componentMustExportWhatItsWorldRequires() {
        ComponentRuntime runtime = runtime();
        String claimsMinimalComponent = "[component]\nid = \"greeter\"\nversion = \"1.0.0\"\n"
                + "world = \"airssys:core/minimal-component@1.0.0\"\n";

        assertThatThrownBy(() -> runtime.deploy(
                        DeploymentRequest.of(TestComponents.artifact("1.0.0")).withManifest(claimsMinimalComponent)))
                .isInstanceOf(ComponentRejectedException.class)
                .hasRootCauseInstanceOf(WasmLinkException.class)
                .hasMessageContaining("it does not export airssys:core/component-lifecycle@1.0.0#handle-callback");
        assertThat(runtime.componentIds()).isEmpty();
    }

    @Test
    void unloadStopsServingButKeepsTheStoredVersions() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));

        runtime.stop("greeter");

        assertThatThrownBy(() -> reply(runtime, "hi")).hasMessageContaining("not deployed");
        assertThat(runtime.registry().versions("greeter")).hasSize(1);
        assertThat(runtime.registry().active("greeter")).isEmpty();
    }

    @Test
    void aDamagedRegistryEntryDisablesOnlyThatComponent() throws Exception {
        try (ComponentRuntime first =
                ComponentRuntime.create(RuntimeConfig.builder(registry).build())) {
            first.deploy(TestComponents.artifact("1.0.0"));
            first.deploy(TestComponents.artifact("other", "0.3.0", 0, ""));
        }
        Path index = registry.resolve("registry.toml");
        String text = Files.readString(index);
        int greeter = text.indexOf("[components.\"greeter\"]");
        int storedAt = text.indexOf("stored-at = \"", greeter);
        Files.writeString(
                index,
                text.substring(0, storedAt) + "stored-at = \"not-a-time\""
                        + text.substring(text.indexOf('"', storedAt + 13) + 1));

        ComponentRuntime restarted = runtime();

        assertThat(restarted.componentIds()).containsExactly("other");
        assertThat(restarted.registry().damaged().get("greeter")).contains("versions[0].stored-at");
        assertThat(new String(restarted.component("other").execute(new byte[] {1}), StandardCharsets.UTF_8))
                .isEqualTo("0.3.0");
    }
}
