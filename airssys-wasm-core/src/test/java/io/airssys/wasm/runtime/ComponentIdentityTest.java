package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.signing.ArtifactSigner;
import io.airssys.wasm.signing.SignatureRejectedException;
import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.SigningKeys;
import io.airssys.wasm.signing.TrustStore;
import io.airssys.wasm.storage.ComponentStore;
import io.airssys.wasm.storage.InMemoryComponentStore;
import io.airssys.wasm.testing.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component keeps its identity across restarts, and no artifact can take over another's. */
class ComponentIdentityTest {

    @TempDir
    Path registry;

    private static final CapabilitySet PAYMENTS_GRANTS =
            CapabilitySet.of(new Capability.EnvironmentVariable(NamePattern.parse("PAYMENTS_*")));

    private static String manifest(String id, String version, String extra) {
        return "[component]\nid = \"" + id + "\"\nversion = \"" + version + "\"\n" + extra;
    }

    @Test
    void aVersionDeployedWithAManifestBesideItRestoresAsItselfEveryTime() {
        byte[] impostor = TestComponents.artifact("impostor", "1.0.0", 0, "");
        try (ComponentRuntime runtime =
                ComponentRuntime.create(RuntimeConfig.builder(registry).build())) {
            runtime.deploy(DeploymentRequest.of(impostor)
                    .withManifest(manifest("payments", "1.0.0", "[permissions.env]\nvars = [\"PAYMENTS_MODE\"]\n"))
                    .withGrants(PAYMENTS_GRANTS));
        }
        for (int restart = 0; restart < 5; restart++) {
            try (ComponentRuntime runtime =
                    ComponentRuntime.create(RuntimeConfig.builder(registry).build())) {
                assertThat(runtime.componentIds()).as("restart %d", restart).containsExactly("payments");
                assertThat(runtime.serving("payments")
                                .get(0)
                                .manifest()
                                .requested()
                                .capabilities())
                        .containsExactly(new Capability.EnvironmentVariable(NamePattern.parse("PAYMENTS_MODE")));
            }
        }
    }

    @Test
    void aBareModuleSurvivesARestart() {
        byte[] bare = CustomSectionEditor.strip(TestComponents.artifact("greeter", "1.0.0", 0, ""), "airssys:manifest");
        try (ComponentRuntime runtime =
                ComponentRuntime.create(RuntimeConfig.builder(registry).build())) {
            runtime.deploy(DeploymentRequest.of(bare).withManifest(manifest("bare", "1.0.0", "")));
        }
        try (ComponentRuntime runtime =
                ComponentRuntime.create(RuntimeConfig.builder(registry).build())) {
            assertThat(runtime.componentIds()).containsExactly("bare");
            assertThat(new String(
                            runtime.component("bare").execute("hi".getBytes(StandardCharsets.UTF_8)),
                            StandardCharsets.UTF_8))
                    .isEqualTo("1.0.0");
        }
    }

    @Test
    void reservedIdsAreRefused() {
        try (ComponentRuntime runtime =
                ComponentRuntime.create(RuntimeConfig.builder(registry).build())) {
            for (String reserved : List.of("host", "airssys", "system")) {
                assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact(reserved, "1.0.0", 0, "")))
                        .isInstanceOf(ComponentRejectedException.class)
                        .hasMessageContaining("id '" + reserved + "' is reserved");
            }
            assertThat(runtime.componentIds()).isEmpty();
        }
    }

    @Test
    void removingAComponentDeletesItsDataSoAnUnrelatedArtifactStartsEmpty() {
        ComponentStore store = new InMemoryComponentStore();
        try (ComponentRuntime runtime = ComponentRuntime.create(
                RuntimeConfig.builder(registry).store(store).build())) {
            runtime.deploy(TestComponents.artifact("notes", "1.0.0", 0, ""));
            store.put("notes", "secret", new byte[] {42}, 1024);

            runtime.remove("notes");
            runtime.deploy(TestComponents.artifact("notes", "1.0.0", 0, ""));

            assertThat(store.keys("notes")).isEmpty();
            assertThat(store.usage("notes").bytes()).isZero();
        }
    }

    @Test
    void aLowerVersionIsRefusedUnlessItIsARollbackOrDowngradesAreAllowed() {
        try (ComponentRuntime runtime =
                ComponentRuntime.create(RuntimeConfig.builder(registry).build())) {
            runtime.deploy(TestComponents.artifact("1.0.0"));
            runtime.deploy(TestComponents.artifact("2.0.0"));

            assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("1.5.0")))
                    .isInstanceOf(ComponentRejectedException.class)
                    .hasMessageContaining("greeter@1.5.0")
                    .hasMessageContaining("older than 2.0.0, the newest stored version");
            runtime.rollbackTo("greeter", SemanticVersion.parse("1.0.0"));
            assertThat(runtime.serving("greeter").get(0).version()).hasToString("1.0.0");
        }
        try (ComponentRuntime runtime = ComponentRuntime.create(
                RuntimeConfig.builder(registry).allowDowngrades(true).build())) {
            runtime.deploy(TestComponents.artifact("1.5.0"));
            assertThat(runtime.serving("greeter").get(0).version()).hasToString("1.5.0");
        }
    }

    @Test
    void aKeyTrustedForSomeComponentsCannotSignAnother() {
        KeyPair billingTeam = SigningKeys.generate();
        SignatureVerifier verifier = new SignatureVerifier(
                TrustStore.empty().with(billingTeam.getPublic(), List.of(NamePattern.parse("billing-*"))), true);
        try (ComponentRuntime runtime = ComponentRuntime.create(
                RuntimeConfig.builder(registry).signatures(verifier).build())) {
            runtime.deploy(ArtifactSigner.sign(TestComponents.artifact("billing-api", "1.0.0", 0, ""), billingTeam));

            assertThatThrownBy(() -> runtime.deploy(
                            ArtifactSigner.sign(TestComponents.artifact("payments", "1.0.0", 0, ""), billingTeam)))
                    .isInstanceOf(ComponentRejectedException.class)
                    .hasCauseInstanceOf(SignatureRejectedException.class)
                    .hasMessageContaining("trusted only for components [billing-*]");
            assertThat(runtime.componentIds()).containsExactly("billing-api");
        }
    }
}
