package io.airssys.wasm.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.Sha256;
import io.airssys.wasm.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry replicas share, on a real PostgreSQL server: two registries stand for two replicas. */
class JdbcComponentRegistryTest {

    private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
    private static final SemanticVersion V2 = SemanticVersion.parse("2.0.0");

    @TempDir
    Path cacheA;

    @TempDir
    Path cacheB;

    private DataSource database;

    @BeforeEach
    void freshDatabase() {
        database = PostgresDatabase.fresh();
    }

    @Test
    void whatOneReplicaStoresAnotherReadsAfterARefreshAndARestartKeeps() {
        JdbcComponentRegistry a = JdbcComponentRegistry.open(database, cacheA);
        JdbcComponentRegistry b = JdbcComponentRegistry.open(database, cacheB);
        a.store("greeter", V1, new byte[] {1, 2, 3}, "[component]\nid = \"greeter\"\n");
        a.activate("greeter", V1);
        a.setGrants("greeter", "[permissions.env]\nvars = [\"APP_*\"]\n");

        assertThat(b.componentIds()).isEmpty();
        assertThat(b.refresh("greeter")).isTrue();
        assertThat(b.refresh("greeter")).isFalse();

        for (ComponentRegistry replica : new ComponentRegistry[] {b, JdbcComponentRegistry.open(database, cacheB)}) {
            assertThat(replica.active("greeter")).map(StoredVersion::version).contains(V1);
            assertThat(replica.artifact(replica.version("greeter", V1))).containsExactly(1, 2, 3);
            assertThat(replica.grants("greeter")).contains("[permissions.env]\nvars = [\"APP_*\"]\n");
            assertThat(replica.version("greeter", V1).manifest()).contains("[component]\nid = \"greeter\"\n");
            assertThat(replica.history("greeter"))
                    .extracting(HistoryEntry::action)
                    .containsExactly("store", "activate");
        }
        assertThat(b.revision("greeter")).isEqualTo(a.revision("greeter")).isEqualTo(3);
    }

    @Test
    void aChangeBasedOnAnOlderRevisionIsRefusedAndNothingIsWritten() {
        JdbcComponentRegistry a = JdbcComponentRegistry.open(database, cacheA);
        a.store("greeter", V1, new byte[] {1});
        a.store("greeter", V2, new byte[] {2});
        a.activate("greeter", V1);
        JdbcComponentRegistry b = JdbcComponentRegistry.open(database, cacheB);
        a.transition("greeter", V1, Optional.of(RolloutState.canary(V2, 30, false)), "canary", V2, "");

        assertThatThrownBy(() -> b.activate("greeter", V2))
                .isInstanceOf(RegistryConflictException.class)
                .hasMessageContaining("component 'greeter' was changed elsewhere")
                .hasMessageContaining("since revision 3")
                .hasMessageContaining("revision 4 now")
                .satisfies(e ->
                        assertThat(((RegistryConflictException) e).revision()).isEqualTo(4));

        // the loser now sees the winner's change, and nothing of its own
        assertThat(b.rollout("greeter")).contains(RolloutState.canary(V2, 30, false));
        assertThat(b.active("greeter")).map(StoredVersion::version).contains(V1);
        assertThat(JdbcComponentRegistry.open(database, cacheA).history("greeter"))
                .extracting(HistoryEntry::action)
                .containsExactly("store", "store", "activate", "canary");
        b.activate("greeter", V2); // based on what it sees now, it succeeds
        assertThat(b.revision("greeter")).isEqualTo(5);
    }

    @Test
    void aVersionIsStoredWithItsGrantsInOneChange() {
        JdbcComponentRegistry registry = JdbcComponentRegistry.open(database, cacheA);
        String manifest = "[component]\nid = \"greeter\"\n";

        registry.store("greeter", V1, new byte[] {1}, manifest, "[permissions.env]\nvars = [\"A\"]\n");
        assertThat(registry.revision("greeter")).isEqualTo(1);
        registry.store("greeter", V1, new byte[] {1}, manifest, "[permissions.env]\nvars = [\"A\"]\n");
        assertThat(registry.revision("greeter"))
                .as("nothing new, nothing written")
                .isEqualTo(1);
        registry.store("greeter", V1, new byte[] {1}, manifest, "[permissions.env]\nvars = [\"B\"]\n");

        JdbcComponentRegistry other = JdbcComponentRegistry.open(database, cacheB);
        assertThat(other.revision("greeter")).isEqualTo(2);
        assertThat(other.grants("greeter")).contains("[permissions.env]\nvars = [\"B\"]\n");
        assertThat(other.history("greeter")).extracting(HistoryEntry::action).containsExactly("store");
    }

    @Test
    void twoReplicasCreatingOneComponentAtOnceGetOneWinner() {
        JdbcComponentRegistry a = JdbcComponentRegistry.open(database, cacheA);
        JdbcComponentRegistry b = JdbcComponentRegistry.open(database, cacheB);
        a.store("greeter", V1, new byte[] {1});

        assertThatThrownBy(() -> b.store("greeter", V2, new byte[] {2})).isInstanceOf(RegistryConflictException.class);
        assertThat(b.versions("greeter")).extracting(StoredVersion::version).containsExactly(V1);
    }

    @Test
    void anArtifactIsStoredOnceWhateverUsesItAndDeletedWithItsLastUser() throws SQLException {
        JdbcComponentRegistry registry = JdbcComponentRegistry.open(database, cacheA);
        byte[] shared = {7, 7, 7};
        registry.store("a", V1, shared);
        registry.store("b", V1, shared);
        registry.store("b", V2, new byte[] {8});
        assertThat(artifactsInDatabase()).hasSize(2);

        registry.remove("b");
        assertThat(artifactsInDatabase()).containsExactly(Sha256.hex(shared));
        registry.remove("a");
        assertThat(artifactsInDatabase()).isEmpty();
        assertThat(registry.componentIds()).isEmpty();
    }

    @Test
    void eachReplicaCachesArtifactsByHashAndFetchesADamagedCopyAgain() throws Exception {
        JdbcComponentRegistry.open(database, cacheA).store("greeter", V1, new byte[] {1, 2, 3});
        JdbcComponentRegistry b = JdbcComponentRegistry.open(database, cacheB);
        StoredVersion version = b.version("greeter", V1);
        Path cached = cacheB.resolve(version.sha256() + ".wasm");
        assertThat(cached).doesNotExist();

        assertThat(b.artifact(version)).containsExactly(1, 2, 3);
        assertThat(cached).exists();
        Files.write(cached, new byte[] {6, 6, 6});

        assertThat(b.artifact(version)).containsExactly(1, 2, 3);
        assertThat(Files.readAllBytes(cached)).containsExactly(1, 2, 3);
    }

    @Test
    void anArtifactDamagedInTheDatabaseIsRefusedNamingTheVersion() throws SQLException {
        JdbcComponentRegistry registry = JdbcComponentRegistry.open(database, cacheA);
        StoredVersion version = registry.store("greeter", V1, new byte[] {1, 2, 3});
        execute("UPDATE airssys_wasm_artifact SET content = '\\x0909'");

        assertThatThrownBy(() -> registry.artifact(version))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("artifact of greeter@1.0.0 is damaged in the database registry");
    }

    @Test
    void aDamagedRowDisablesOnlyItsComponent() throws SQLException {
        JdbcComponentRegistry registry = JdbcComponentRegistry.open(database, cacheA);
        registry.store("good", V1, new byte[] {1});
        registry.store("bad", V1, new byte[] {2});
        execute("UPDATE airssys_wasm_component SET entry = 'format = 1\n[components.bad]\nactive = 3'"
                + " WHERE component_id = 'bad'");

        JdbcComponentRegistry reopened = JdbcComponentRegistry.open(database, cacheB);

        assertThat(reopened.componentIds()).containsExactly("good");
        assertThat(reopened.damaged()).containsKey("bad");
        assertThat(reopened.damaged().get("bad")).contains("component 'bad'").contains("active");
        assertThatThrownBy(() -> reopened.activate("bad", V1)).hasMessageContaining("disabled");
        reopened.remove("bad");
        assertThat(JdbcComponentRegistry.open(database, cacheA).damaged()).isEmpty();
    }

    @Test
    void theWatcherTellsOfAnotherReplicasChangeAndMarksItsReplicaSeen() throws Exception {
        JdbcComponentRegistry a = JdbcComponentRegistry.open(database, cacheA);
        JdbcComponentRegistry b = JdbcComponentRegistry.open(database, cacheB);
        Set<String> told = ConcurrentHashMap.newKeySet();
        b.reportServing("b", "greeter", "not serving", 0);
        try (AutoCloseable watching = b.watch("b", Duration.ofMinutes(5), told::add, () -> {})) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> b.replicas("greeter").size() == 1);
            a.store("greeter", V1, new byte[] {1});

            // far sooner than the five-minute poll: the notification
            await().atMost(Duration.ofSeconds(2)).until(() -> told.contains("greeter"));
        }
        assertThat(b.replicas("greeter"))
                .singleElement()
                .satisfies(r -> assertThat(r.serving()).isEqualTo("not serving"));
        b.forgetReplica("b");
        assertThat(b.replicas("greeter")).isEmpty();
    }

    @Test
    void openingRefusesADatabaseThatIsNotReachable() {
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");

        assertThatThrownBy(() -> JdbcComponentRegistry.open(nowhere, cacheA))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cannot reach the registry database");
    }

    private Set<String> artifactsInDatabase() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT sha256 FROM airssys_wasm_artifact");
                ResultSet rows = select.executeQuery()) {
            Set<String> found = new java.util.HashSet<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            return found;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
