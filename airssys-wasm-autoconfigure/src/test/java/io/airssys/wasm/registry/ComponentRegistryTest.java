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
        assertThat(reopened.active("greeter")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(V2));
        assertThat(reopened.versions("greeter")).extracting(StoredVersion::version).containsExactly(V1, V2);
        assertThat(reopened.artifact(reopened.version("greeter", V1))).containsExactly(1, 2, 3);
        assertThat(reopened.grants("greeter")).contains("[permissions.env]\nvars = [\"APP_*\"]\n");
        assertThat(reopened.history("greeter")).extracting(HistoryEntry::action)
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
        ComponentRegistry crashing = new ComponentRegistry(root, Clock.systemUTC(), KILLED_MID_WRITE);

        assertThatThrownBy(() -> crashing.activate("greeter", V2)).isInstanceOf(RegistryException.class);

        ComponentRegistry restarted = ComponentRegistry.open(root);
        assertThat(restarted.active("greeter")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(V1));
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
        ComponentRegistry crashing = new ComponentRegistry(root, Clock.systemUTC(), KILLED_MID_WRITE);

        assertThatThrownBy(() -> crashing.store("greeter", V2, new byte[100])).isInstanceOf(RegistryException.class);

        ComponentRegistry restarted = ComponentRegistry.open(root);
        assertThat(restarted.versions("greeter")).extracting(StoredVersion::version).containsExactly(V1);
        assertThat(restarted.active("greeter")).isPresent();
    }

    @Test
    void detectsAnArtifactDamagedOnDisk() throws IOException {
        ComponentRegistry registry = ComponentRegistry.open(root);
        StoredVersion stored = registry.store("greeter", V1, new byte[] {1, 2, 3});
        Files.write(root.resolve("artifacts").resolve(stored.sha256() + ".wasm"), new byte[] {9});

        assertThatThrownBy(() -> registry.artifact(stored))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("artifact of greeter@1.0.0 is damaged on disk");
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
}
