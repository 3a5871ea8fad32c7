package io.airssys.wasm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ComponentStoreTest {

    @TempDir
    static Path dir;

    static Stream<Function<Path, ComponentStore>> stores() {
        return Stream.of(
                path -> new InMemoryComponentStore(),
                path -> MvStoreComponentStore.open(path.resolve("store-" + System.nanoTime() + ".mv.db")),
                // a fresh database on the PostgreSQL server .ci/run starts (skipped loudly without one)
                path -> JdbcComponentStore.open(PostgresDatabase.fresh()));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void storesReadsListsAndDeletesPerNamespace(Function<Path, ComponentStore> factory) {
        try (ComponentStore store = factory.apply(dir)) {
            store.put("a", "user:1", new byte[] {1}, 1000);
            store.put("a", "user:2", new byte[] {2}, 1000);
            store.put("a", "order:1", new byte[] {3}, 1000);
            store.put("b", "user:1", new byte[] {9}, 1000);

            assertThat(store.get("a", "user:1"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(1));
            assertThat(store.get("b", "user:1"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(9));
            assertThat(store.keys("a", "user:")).containsExactly("user:1", "user:2");
            assertThat(store.keys("a")).containsExactly("order:1", "user:1", "user:2");
            assertThat(store.delete("a", "user:1")).isTrue();
            assertThat(store.delete("a", "user:1")).isFalse();
            assertThat(store.exists("a", "user:1")).isFalse();
            assertThat(store.usage("a")).isEqualTo(new StorageUsage(2, 7 + 1 + 6 + 1));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void exceedingTheQuotaIsRefusedAndKeepsExistingData(Function<Path, ComponentStore> factory) {
        try (ComponentStore store = factory.apply(dir)) {
            store.put("c", "k", new byte[10], 20);

            assertThatThrownBy(() -> store.put("c", "other", new byte[10], 20))
                    .isInstanceOf(StorageQuotaExceededException.class)
                    .hasMessage("storage of 'c' would grow to 26 bytes, above its quota of 20 bytes; "
                            + "the write was refused and existing data is unchanged");
            assertThatThrownBy(() -> store.put("c", "k", new byte[30], 20))
                    .isInstanceOf(StorageQuotaExceededException.class);

            assertThat(store.get("c", "k"))
                    .hasValueSatisfying(v -> assertThat(v).hasSize(10));
            assertThat(store.exists("c", "other")).isFalse();
            store.put("c", "k", new byte[19], 20);
            assertThat(store.usage("c")).isEqualTo(new StorageUsage(1, 20));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void refusesBadKeys(Function<Path, ComponentStore> factory) {
        try (ComponentStore store = factory.apply(dir)) {
            assertThatThrownBy(() -> store.put("c", "", new byte[1], 100)).hasMessage("key must not be empty");
            assertThatThrownBy(() -> store.put("c", "a\nb", new byte[1], 100))
                    .hasMessageContaining("control characters");
            assertThatThrownBy(() -> store.put("c", "x".repeat(2000), new byte[1], 10_000))
                    .hasMessageContaining("longer");
        }
    }

    @Test
    void persistentStoreSurvivesARestart(@TempDir Path restartDir) {
        Path file = restartDir.resolve("components.mv.db");
        try (ComponentStore store = MvStoreComponentStore.open(file)) {
            store.put("counter", "value", new byte[] {42}, 100);
        }

        try (ComponentStore reopened = MvStoreComponentStore.open(file)) {
            assertThat(reopened.get("counter", "value"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(42));
            assertThat(reopened.usage("counter")).isEqualTo(new StorageUsage(1, 6));
            assertThat(reopened.keys("counter")).isEqualTo(List.of("value"));
        }
    }

    /**
     * A guest on Chicory runs on its caller's thread and is stopped at its deadline by an
     * interrupt, which may land while a host function writes: the store must neither close nor
     * lose what it held.
     */
    @Test
    void anInterruptDuringAWriteNeitherClosesTheStoreNorLosesData(@TempDir Path restartDir) {
        Path file = restartDir.resolve("storage.mv.db");
        try (ComponentStore store = MvStoreComponentStore.open(file)) {
            store.put("a", "before", new byte[] {1}, 1 << 20);
            Thread.currentThread().interrupt();
            try {
                store.put("a", "during", new byte[] {2}, 1 << 20);
            } finally {
                Thread.interrupted();
            }
            store.put("a", "after", new byte[] {3}, 1 << 20);
        }
        try (ComponentStore reopened = MvStoreComponentStore.open(file)) {
            assertThat(reopened.get("a", "before"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(1));
            assertThat(reopened.get("a", "during"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(2));
            assertThat(reopened.get("a", "after"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(3));
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedStoreSaysSo(@TempDir Path dir) {
        ComponentStore store = MvStoreComponentStore.open(dir.resolve("storage.mv.db"));
        store.close();
        store.close();

        assertThatThrownBy(() -> store.get("a", "k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the store is closed");
    }
}
