package io.airssys.wasm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.testing.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Component storage on a real PostgreSQL server, shared by several replicas' stores. */
class JdbcComponentStoreTest {

    private DataSource database;

    @BeforeEach
    void freshDatabase() {
        database = PostgresDatabase.fresh();
    }

    // What every store does (read, list in key order, delete, quotas, key rules) is in
    // ComponentStoreTest, which runs on this store too; here, what a shared database adds.

    @Test
    void deletingANamespaceDeletesItsEntriesAndUsageOnly() {
        try (ComponentStore store = JdbcComponentStore.open(database)) {
            store.put("a", "user:2", new byte[] {2}, 1000);
            store.put("a", "order:1", new byte[] {3}, 1000);
            store.put("b", "user:1", new byte[] {9}, 1000);

            store.deleteNamespace("a");

            assertThat(store.keys("a")).isEmpty();
            assertThat(store.usage("a")).isEqualTo(new StorageUsage(0, 0));
            assertThat(store.usage("b")).isEqualTo(new StorageUsage(1, 7));
        }
    }

    @Test
    void whatOneReplicaWritesAnotherReadsAndARestartKeeps() {
        try (ComponentStore a = JdbcComponentStore.open(database);
                ComponentStore b = JdbcComponentStore.open(database)) {
            a.put("shared", "greeting", "hello".getBytes(), 100);

            assertThat(b.get("shared", "greeting"))
                    .hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("hello"));
        }
        try (ComponentStore restarted = JdbcComponentStore.open(database)) {
            assertThat(restarted.keys("shared")).containsExactly("greeting");
        }
    }

    @Test
    void theQuotaHoldsWhenReplicasWriteTheSameNamespaceAtOnce() throws Exception {
        List<ComponentStore> replicas = List.of(
                JdbcComponentStore.open(database),
                JdbcComponentStore.open(database),
                JdbcComponentStore.open(database));
        ExecutorService writers = Executors.newFixedThreadPool(6);
        List<Future<Integer>> accepted = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            ComponentStore store = replicas.get(w % replicas.size());
            int writer = w;
            accepted.add(writers.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 40; i++) {
                    try {
                        store.put("q", "w" + writer + "-" + i, new byte[8], 500); // 13 or 14 bytes each
                        ok++;
                    } catch (StorageQuotaExceededException e) {
                        // the namespace is full; writes keep being refused, none slips through
                    }
                }
                return ok;
            }));
        }
        int total = 0;
        for (Future<Integer> future : accepted) {
            total += future.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        StorageUsage usage = replicas.get(0).usage("q");
        assertThat(usage.bytes()).isLessThanOrEqualTo(500);
        assertThat(usage.keys())
                .isEqualTo(total)
                .isEqualTo(replicas.get(1).keys("q").size());
        replicas.forEach(ComponentStore::close);
    }

    @Test
    void aClosedStoreSaysSo() {
        ComponentStore store = JdbcComponentStore.open(database);
        store.close();

        assertThatThrownBy(() -> store.get("a", "k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
