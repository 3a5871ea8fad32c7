package io.airssys.wasm.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.SemanticVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentRegistryTest {

    private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
    private static final SemanticVersion V2 = SemanticVersion.parse("2.0.0");

    @TempDir
    Path root;

    /** Simulates the process being killed mid-write: half the bytes reach the temp file, the rename never happens. */
    private static final AtomicFileWriter KILLED_MID_WRITE = (target, content) -> {
        Path temp = target.resolveSibling(target.getFileName() + AtomicFileWriter.TEMP_MARKER + "crash");
        Files.write(temp, Arrays.copyOf(content, content.length / 2), StandardOpenOption.CREATE_NEW);
        throw new IOException("killed");
    };

    @Test
    void storesActivatesAndReloadsAfterARestart() {
        ComponentRegistry registry = ComponentRegistry.open(root);
        registry.store("greeter", V1, new byte[] {1, 2, 3});
        registry.store("greeter", V2, new byte[] {4, 5});
        registry.activate("greeter", V2);
        registry.setGrants("greeter", "[permissions.env]\nvars = [\"APP_*\"]\n");

        ComponentRegistry reopened = ComponentRegistry.open(root);

        assertThat(reopened.componentIds()).containsExactly("greeter");
        assertThat(reopened.active("greeter"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(V2));
        assertThat(reopened.versions("greeter"))
                .extracting(StoredVersion::version)
                .containsExactly(V1, V2);
        assertThat(reopened.artifact(reopened.version("greeter", V1))).containsExactly(1, 2, 3);
        assertThat(reopened.grants("greeter")).contains("[permissions.env]\nvars = [\"APP_*\"]\n");
        assertThat(reopened.history("greeter"))
                .extracting(HistoryEntry::action)
                .containsExactly("store", "store", "activate");
    }

    @Test
    void versionsAreImmutable() {
        ComponentRegistry registry = ComponentRegistry.open(root);
        StoredVersion first = registry.store("greeter", V1, new byte[] {1});

        assertThat(registry.store("greeter", V1, new byte[] {1})).isEqualTo(first);
        assertThatThrownBy(() -> registry.store("greeter", V1, new byte[] {2}))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("greeter@1.0.0 is already stored with different content");
    }

    @Test
    void crashWhileWritingTheIndexLeavesThePreviousStateIntact() throws IOException {
        ComponentRegistry registry = ComponentRegistry.open(root);
        registry.store("greeter", V1, new byte[] {1});
        registry.store("greeter", V2, new byte[] {2});
        registry.activate("greeter", V1);
        ComponentRegistry crashing = new FileComponentRegistry(root, Clock.systemUTC(), KILLED_MID_WRITE);

        assertThatThrownBy(() -> crashing.activate("greeter", V2)).isInstanceOf(RegistryException.class);

        ComponentRegistry restarted = ComponentRegistry.open(root);
        assertThat(restarted.active("greeter"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(V1));
        assertThat(restarted.artifact(restarted.version("greeter", V1))).containsExactly(1);
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void crashWhileWritingAnArtifactStoresNothing() {
        ComponentRegistry registry = ComponentRegistry.open(root);
        registry.store("greeter", V1, new byte[] {1});
        registry.activate("greeter", V1);
        ComponentRegistry crashing = new FileComponentRegistry(root, Clock.systemUTC(), KILLED_MID_WRITE);

        assertThatThrownBy(() -> crashing.store("greeter", V2, new byte[100])).isInstanceOf(RegistryException.class);

        ComponentRegistry restarted = ComponentRegistry.open(root);
        assertThat(restarted.versions("greeter"))
                .extracting(StoredVersion::version)
                .containsExactly(V1);
        assertThat(restarted.active("greeter")).isPresent();
    }

    @Test
    void detectsAnArtifactDamagedOnDisk() throws IOException {
        ComponentRegistry registry = ComponentRegistry.open(root);
        StoredVersion stored = registry.store("greeter", V1, new byte[] {1, 2, 3});
        Files.write(root.resolve("artifacts").resolve(stored.sha256() + ".wasm"), new byte[] {9});

        assertThatThrownBy(() -> registry.artifact(stored))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("artifact of greeter@1.0.0 is damaged in");
    }

    @Test
    void refusesToActivateAVersionThatIsNotStored() {
        ComponentRegistry registry = ComponentRegistry.open(root);
        registry.store("greeter", V1, new byte[] {1});

        assertThatThrownBy(() -> registry.activate("greeter", V2))
                .hasMessage("greeter@2.0.0 is not stored; stored versions are [1.0.0]");
    }

    @Test
    void removeForgetsTheComponentAndItsUnsharedArtifacts() throws IOException {
        ComponentRegistry registry = ComponentRegistry.open(root);
        registry.store("a", V1, new byte[] {7});
        registry.store("b", V1, new byte[] {7});
        registry.store("a", V2, new byte[] {8});

        registry.remove("a");

        assertThat(ComponentRegistry.open(root).componentIds()).containsExactly("b");
        try (Stream<Path> files = Files.list(root.resolve("artifacts"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void refusesAnIndexFromAnotherFormatWithAClearMessage() throws IOException {
        Files.writeString(root.resolve("registry.toml"), "format = 99\n");

        assertThatThrownBy(() -> ComponentRegistry.open(root))
                .hasMessageContaining("has format 99; this version reads format 1");
    }

    private static final String SHA_A = "a".repeat(64);

    private void writeIndex(String components) throws IOException {
        Files.createDirectories(root.resolve("artifacts"));
        Files.writeString(root.resolve("registry.toml"), "format = 1\n" + components);
    }

    private static String entry(String id, String versionFields) {
        return "[components.\"" + id + "\"]\nactive = \"1.0.0\"\nversions = [ { " + versionFields + " } ]\n";
    }

    private static final String GOOD_VERSION =
            "version = \"1.0.0\", sha256 = \"" + SHA_A + "\", size = 1, stored-at = \"2026-01-01T00:00:00Z\"";

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "version = \"1.0.0\", sha256 = \"AAAA\", size = 1, stored-at = \"2026-01-01T00:00:00Z\" | versions[0].sha256 is not a SHA-256",
                "version = \"1.0.0\", sha256 = \"../../outside\", size = 1, stored-at = \"2026-01-01T00:00:00Z\" | versions[0].sha256 is not a SHA-256",
                "version = \"1.0.0\", sha256 = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", size = \"big\", stored-at = \"2026-01-01T00:00:00Z\" | versions[0].size must be a non-negative number",
                "version = \"1.0.0\", sha256 = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", size = 1, stored-at = \"yesterday\" | versions[0].stored-at 'yesterday' is not an ISO-8601 instant",
                "version = \"one\", sha256 = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", size = 1, stored-at = \"2026-01-01T00:00:00Z\" | versions[0].version 'one' is not a semantic version",
                "sha256 = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", size = 1, stored-at = \"2026-01-01T00:00:00Z\" | versions[0].version is missing",
                "version = 7, sha256 = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", size = 1, stored-at = \"2026-01-01T00:00:00Z\" | versions[0].version must be a string",
            })
    void aDamagedFieldDisablesOnlyItsComponentAndNamesTheFileAndField(String badVersion, String problem)
            throws IOException {
        writeIndex(entry("broken", badVersion) + entry("healthy", GOOD_VERSION));
        Files.write(root.resolve("artifacts").resolve(SHA_A + ".wasm"), new byte[] {1});

        ComponentRegistry registry = ComponentRegistry.open(root);

        assertThat(registry.componentIds()).containsExactly("healthy");
        assertThat(registry.damaged()).containsOnlyKeys("broken");
        assertThat(registry.damaged().get("broken"))
                .contains(root.resolve("registry.toml").toString())
                .contains("components.\"broken\"." + problem);
        assertThatThrownBy(() -> registry.activate("broken", V1)).hasMessageContaining("is disabled");
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("registry.toml.damaged-"));
        }
    }

    @Test
    void aDamagedEntryIsKeptAsFoundWhenTheIndexIsRewritten() throws IOException {
        writeIndex(entry("broken", "version = \"1.0.0\", sha256 = \"../../x\", size = 1, stored-at = \"now\"")
                + entry("healthy", GOOD_VERSION));
        Files.write(root.resolve("artifacts").resolve(SHA_A + ".wasm"), new byte[] {1});
        ComponentRegistry registry = ComponentRegistry.open(root);

        registry.store("healthy", V2, new byte[] {2});

        ComponentRegistry reopened = ComponentRegistry.open(root);
        assertThat(reopened.damaged()).containsOnlyKeys("broken");
        assertThat(reopened.versions("healthy")).hasSize(2);
    }

    @Test
    void removingAComponentWithATraversingHashDeletesNothingOutsideTheRegistry() throws IOException {
        Path outside = Files.writeString(root.getParent().resolve(root.getFileName() + "-outside.txt"), "keep");
        try {
            writeIndex(entry(
                    "broken",
                    "version = \"1.0.0\", sha256 = \"../../" + outside.getFileName()
                            + "\", size = 1, stored-at = \"2026-01-01T00:00:00Z\""));
            ComponentRegistry registry = ComponentRegistry.open(root);

            registry.remove("broken");

            assertThat(outside).hasContent("keep");
            assertThat(ComponentRegistry.open(root).damaged()).isEmpty();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void unreadableTextNamesTheFile() throws IOException {
        Files.write(root.resolve("registry.toml"), new byte[] {'f', 'o', (byte) 0xC3, 0x28});

        assertThatThrownBy(() -> ComponentRegistry.open(root))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(root.resolve("registry.toml").toString());
    }

    @Test
    void orphanArtifactsAreDeletedAtStart() throws IOException {
        ComponentRegistry registry = ComponentRegistry.open(root);
        StoredVersion kept = registry.store("greeter", V1, new byte[] {1});
        Path orphan = Files.write(root.resolve("artifacts").resolve("b".repeat(64) + ".wasm"), new byte[] {2});
        Path unrelated = Files.writeString(root.resolve("artifacts").resolve("README.txt"), "operator's note");

        ComponentRegistry.open(root);

        assertThat(orphan).doesNotExist();
        assertThat(unrelated).exists();
        assertThat(root.resolve("artifacts").resolve(kept.sha256() + ".wasm")).exists();
    }

    @Test
    void keepsTheManifestThatAdmittedEachVersion() {
        ComponentRegistry registry = ComponentRegistry.open(root);
        registry.store("greeter", V1, new byte[] {1}, "[component]\nid = \"greeter\"\n");

        assertThat(ComponentRegistry.open(root).version("greeter", V1).manifest())
                .contains("[component]\nid = \"greeter\"\n");
        assertThatThrownBy(() -> registry.store("greeter", V1, new byte[] {1}, "other"))
                .hasMessageContaining("already stored with another manifest");
    }

    @Test
    void keepsTheRolloutInProgressAndWhatHappenedAcrossARestart() {
        ComponentRegistry registry = ComponentRegistry.open(root);
        registry.store("a", V1, new byte[] {1});
        registry.store("a", V2, new byte[] {2});
        registry.transition("a", V1, Optional.of(RolloutState.canary(V2, 30, true)), "canary", V2, "30% of calls");

        ComponentRegistry reopened = ComponentRegistry.open(root);

        assertThat(reopened.active("a").orElseThrow().version()).isEqualTo(V1);
        assertThat(reopened.rollout("a")).contains(RolloutState.canary(V2, 30, true));
        assertThat(reopened.history("a").get(reopened.history("a").size() - 1)).satisfies(last -> {
            assertThat(last.action()).isEqualTo("canary");
            assertThat(last.detail()).isEqualTo("30% of calls");
        });
        reopened.transition("a", V2, Optional.of(RolloutState.blueGreen(V1)), "blue-green", V2, "");
        assertThat(ComponentRegistry.open(root).rollout("a")).contains(RolloutState.blueGreen(V1));
        reopened.deactivate("a");
        assertThat(ComponentRegistry.open(root).rollout("a"))
                .as("a stop ends the roll-out")
                .isEmpty();
        assertThat(ComponentRegistry.open(root).lastServing("a")).contains(V2);
    }

    @Test
    void aRolloutNamingAVersionThatIsNotStoredDisablesOnlyItsComponent() throws IOException {
        writeIndex(entry("broken", GOOD_VERSION)
                + "rollout = { strategy = \"canary\", candidate = \"9.0.0\", percent = 30, sticky = false }\n"
                + entry("odd", GOOD_VERSION)
                + "rollout = { strategy = \"sideways\", candidate = \"1.0.0\", percent = 30, sticky = false }\n"
                + entry("healthy", GOOD_VERSION));
        Files.write(root.resolve("artifacts").resolve(SHA_A + ".wasm"), new byte[] {1});

        ComponentRegistry registry = ComponentRegistry.open(root);

        assertThat(registry.componentIds()).containsExactly("healthy");
        assertThat(registry.damaged().get("broken"))
                .contains("rollout.candidate names 9.0.0, which is not a stored version");
        assertThat(registry.damaged().get("odd")).contains("rollout unknown strategy 'sideways'");
    }
}
