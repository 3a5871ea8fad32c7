package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.deployment.VersionStats;
import io.airssys.wasm.registry.HistoryEntry;
import io.airssys.wasm.registry.JdbcComponentRegistry;
import io.airssys.wasm.registry.RegistryConflictException;
import io.airssys.wasm.registry.ReplicaStatus;
import io.airssys.wasm.registry.StoredVersion;
import io.airssys.wasm.storage.JdbcComponentStore;
import io.airssys.wasm.testing.ChildJvm;
import io.airssys.wasm.testing.PostgresDatabase;
import io.airssys.wasm.testing.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Several replicas of an application (each a runtime with its own directory) on one PostgreSQL
 * database: what one is told, every one serves.
 */
class ReplicasOnOneDatabaseTest {

    private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
    private static final SemanticVersion V2 = SemanticVersion.parse("2.0.0");
    /** Longer than any test waits: a change arriving in time came by notification. */
    private static final Duration SLOW_POLL = Duration.ofMinutes(1);

    @TempDir
    Path directories;

    private DataSource database;
    private final List<ComponentRuntime> running = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        database = PostgresDatabase.fresh();
    }

    @AfterEach
    void stopReplicas() {
        running.forEach(ComponentRuntime::close);
    }

    private ComponentRuntime replica(String name) {
        return replica(name, SLOW_POLL);
    }

    private ComponentRuntime replica(String name, Duration poll) {
        Path directory = directories.resolve(name);
        ComponentRuntime runtime = ComponentRuntime.create(RuntimeConfig.builder(directory)
                .registry(JdbcComponentRegistry.open(database, directory.resolve("artifact-cache")))
                .store(JdbcComponentStore.open(database))
                .replicaId(name)
                .registryPollInterval(poll)
                .build());
        running.add(runtime);
        return runtime;
    }

    private static String serving(ComponentRuntime replica) {
        return ClusterConvergence.describe(replica.status("greeter"));
    }

    @Test
    void aCanaryAt30PercentSetOnOneReplicaIsServedAt30PercentByTheOtherWithinTwoSeconds() {
        ComponentRuntime a = replica("a");
        ComponentRuntime b = replica("b");
        a.deploy(TestComponents.artifact("1.0.0"));
        await().atMost(Duration.ofSeconds(2)).until(() -> serving(b).equals("1.0.0 active 100%"));

        a.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(10));
        a.setCanaryPercent("greeter", 30);

        await().atMost(Duration.ofSeconds(2)).until(() -> serving(b).equals("1.0.0 active 70%, 2.0.0 canary 30%"));
        assertThat(b.component("greeter").execute(new byte[0])).isNotNull();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> a.replicas("greeter").stream()
                        .map(ReplicaStatus::serving)
                        .allMatch(s -> s.equals("1.0.0 active 70%, 2.0.0 canary 30%")));
        assertThat(a.replicas("greeter")).extracting(ReplicaStatus::replica).containsExactly("a", "b");
        assertThat(a.replicas("greeter"))
                .allSatisfy(r ->
                        assertThat(r.revision()).isEqualTo(a.revision("greeter").getAsLong()));
    }

    @Test
    void promoteRollbackStopStartAndRemoveOnOneReplicaAreAppliedByEveryOther() {
        ComponentRuntime a = replica("a");
        ComponentRuntime b = replica("b");
        ComponentRuntime c = replica("c");
        a.deploy(TestComponents.artifact("1.0.0"));
        a.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(50));
        awaitEverywhere("1.0.0 active 50%, 2.0.0 canary 50%", b, c);

        b.promote("greeter");
        awaitEverywhere("2.0.0 active 100%", a, c);

        c.deploy(TestComponents.artifact("3.0.0"), DeploymentStrategy.blueGreen());
        awaitEverywhere("3.0.0 active 100%, 2.0.0 standby 0%", a, b);
        a.rollback("greeter"); // switches back to the standby, keeping 3.0.0 warm
        awaitEverywhere("2.0.0 active 100%, 3.0.0 standby 0%", b, c);

        b.stop("greeter");
        awaitEverywhere("not serving", a, c);
        c.start("greeter");
        awaitEverywhere("2.0.0 active 100%", a, b);

        a.remove("greeter");
        awaitEverywhere("not serving", b, c);
        assertThat(b.registry().componentIds()).isEmpty();
    }

    private static void awaitEverywhere(String expected, ComponentRuntime... replicas) {
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(List.of(replicas).stream()
                                .map(ReplicasOnOneDatabaseTest::serving)
                                .collect(Collectors.toList()))
                        .allMatch(expected::equals));
    }

    @Test
    void aReplicaThatWasDownCatchesUpWhenItReturns() {
        ComponentRuntime a = replica("a");
        ComponentRuntime b = replica("b");
        a.deploy(TestComponents.artifact("1.0.0"));
        awaitEverywhere("1.0.0 active 100%", b);
        b.close();
        running.remove(b);

        a.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(25));
        a.promote("greeter");
        a.deploy(TestComponents.artifact("3.0.0"), DeploymentStrategy.canary(40));

        ComponentRuntime returned = replica("b");
        assertThat(serving(returned)).isEqualTo("2.0.0 active 60%, 3.0.0 canary 40%");
    }

    @Test
    void changesMissedWhileNotificationsWereLostArriveByPolling() throws Exception {
        ComponentRuntime a = replica("a");
        ComponentRuntime b = replica("b", Duration.ofMillis(200));
        a.deploy(TestComponents.artifact("1.0.0"));
        awaitEverywhere("1.0.0 active 100%", b);

        // a change written straight into the database notifies no one: only the poll finds it
        try (var connection = database.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("UPDATE airssys_wasm_component SET revision = revision + 1,"
                    + " entry = replace(entry, 'active = \"1.0.0\"', '') WHERE component_id = 'greeter'");
        }

        awaitEverywhere("not serving", b);
    }

    @Test
    void concurrentPromoteAndRollbackFromTwoReplicasEndInOneRecordedWinnerAndOneConflict() throws Exception {
        ComponentRuntime a = replica("a");
        ComponentRuntime b = replica("b");
        a.deploy(TestComponents.artifact("1.0.0"));
        a.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(20));
        awaitEverywhere("1.0.0 active 80%, 2.0.0 canary 20%", b);
        long seen = a.revision("greeter").getAsLong();
        assertThat(b.revision("greeter")).hasValue(seen);

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService operators = Executors.newFixedThreadPool(2);
        Callable<String> promote = () -> {
            go.await();
            return ExpectedRevision.of(seen, () -> {
                a.promote("greeter");
                return "promote";
            });
        };
        Callable<String> rollback = () -> {
            go.await();
            return ExpectedRevision.of(seen, () -> {
                b.rollback("greeter");
                return "rollback";
            });
        };
        Future<String> promoted = operators.submit(promote);
        Future<String> rolledBack = operators.submit(rollback);
        go.countDown();
        List<String> winners = new ArrayList<>();
        List<Throwable> losers = new ArrayList<>();
        for (Future<String> outcome : List.of(promoted, rolledBack)) {
            try {
                winners.add(outcome.get());
            } catch (java.util.concurrent.ExecutionException e) {
                losers.add(e.getCause());
            }
        }
        operators.shutdown();

        assertThat(winners).hasSize(1);
        assertThat(losers).singleElement().isInstanceOf(RegistryConflictException.class);
        String expected = winners.get(0).equals("promote") ? "2.0.0 active 100%" : "1.0.0 active 100%";
        awaitEverywhere(expected, a, b);
        List<String> after = a.registry().history("greeter").stream()
                .map(HistoryEntry::action)
                .toList();
        assertThat(after.subList(after.indexOf("canary") + 1, after.size())).containsExactly(winners.get(0));
    }

    @Test
    void aChangeBasedOnAnOlderRevisionIsRefusedWithTheRevisionNow() {
        ComponentRuntime a = replica("a");
        a.deploy(TestComponents.artifact("1.0.0"));
        long before = a.revision("greeter").getAsLong();
        a.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(20));

        assertThatThrownBy(() -> ExpectedRevision.of(before, () -> {
                    a.setCanaryPercent("greeter", 90);
                    return null;
                }))
                .isInstanceOf(RegistryConflictException.class)
                .hasMessageContaining("is at revision " + a.revision("greeter").getAsLong() + ", not " + before);
        assertThat(a.status("greeter").orElseThrow().versions())
                .extracting(VersionStats::percent)
                .containsExactly(80, 20);
    }

    @Test
    void aCanaryAnalysisIsDrivenByOneReplicaAndTakenOverWhenThatReplicaStops() throws Exception {
        ComponentRuntime a = replica("a", Duration.ofMillis(200));
        ComponentRuntime b = replica("b", Duration.ofMillis(200));
        a.deploy(TestComponents.artifact("1.0.0"));
        a.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(10));
        // judged on calls the driving replica serves; a takes none, so it holds the first step
        a.analyzeCanary("greeter", new CanaryAnalysis(List.of(20, 40, 100), Duration.ofMillis(300), 0.5, 1000.0, 1));
        awaitEverywhere("1.0.0 active 80%, 2.0.0 canary 20%", b);
        Thread.sleep(1_000); // several polls: b renews nothing and takes nothing over while a lives
        assertThat(a.canaryAnalysis("greeter")).isPresent();
        assertThat(b.canaryAnalysis("greeter")).isEmpty();

        a.close();
        running.remove(a);
        Thread caller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    b.component("greeter").execute(new byte[] {1});
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // between versions while the canary is promoted
                }
            }
        });
        caller.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> serving(b).equals("2.0.0 active 100%"));
        } finally {
            caller.interrupt();
            caller.join();
        }
        assertThat(b.registry().history("greeter"))
                .extracting(HistoryEntry::detail)
                .anyMatch(detail -> detail.startsWith("promoted automatically"));
    }

    @Test
    void aReplicaThatCannotReadAnArtifactRefusesItAndTriesAgainUntilItCan() throws Exception {
        ComponentRuntime a = replica("a");
        byte[] v2 = TestComponents.artifact("2.0.0");
        a.deploy(TestComponents.artifact("1.0.0"));
        a.deploy(v2);
        try (var connection = database.getConnection();
                var damage =
                        connection.prepareStatement("UPDATE airssys_wasm_artifact SET content = ? WHERE sha256 = ?")) {
            damage.setBytes(1, new byte[] {0, 'a', 's', 'm'});
            damage.setString(2, io.airssys.wasm.Sha256.hex(v2));
            assertThat(damage.executeUpdate()).isEqualTo(1);
        }

        ComponentRuntime b = replica("b", Duration.ofMillis(200));
        Thread.sleep(600); // a restore and a retry or two: the damaged artifact is never used
        assertThat(serving(b)).isEqualTo("not serving");

        try (var connection = database.getConnection();
                var repair =
                        connection.prepareStatement("UPDATE airssys_wasm_artifact SET content = ? WHERE sha256 = ?")) {
            repair.setBytes(1, v2);
            repair.setString(2, io.airssys.wasm.Sha256.hex(v2));
            repair.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> serving(b).equals("2.0.0 active 100%"));
    }

    @Test
    void aReplicaKilledInTheMiddleOfDeployingLeavesAConsistentStateTheOthersServe() throws Exception {
        ComponentRuntime survivor = replica("survivor");
        PGSimpleDataSource shared = (PGSimpleDataSource) database;
        Process child = ChildJvm.start(
                DeployingReplica.class,
                List.of("-Xmx256m"),
                shared.getUrl(),
                shared.getUser(),
                directories.resolve("killed").toString());
        try (var output = new java.io.BufferedReader(
                new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            do {
                line = output.readLine();
                assertThat(line)
                        .as("the deploying replica ended early:%n%s", seen)
                        .isNotNull();
                seen.append(line).append('\n');
            } while (!line.equals("deployed 3"));
            Thread.sleep(ThreadLocalRandom.current().nextInt(150)); // somewhere in the middle of a deploy
            child.destroyForcibly().waitFor();
        }

        ComponentRuntime returned = replica("after");
        assertThat(returned.registry().damaged()).isEmpty();
        StoredVersion active = returned.registry().active("greeter").orElseThrow();
        JdbcComponentRegistry fresh = JdbcComponentRegistry.open(database, directories.resolve("check"));
        for (StoredVersion stored : fresh.versions("greeter")) {
            assertThat(fresh.artifact(stored)).isNotEmpty(); // every stored version is whole
        }
        assertThat(returned.status("greeter").orElseThrow().versions().get(0).version())
                .isEqualTo(active.version());
        awaitEverywhere(serving(returned), survivor);
        returned.deploy(TestComponents.artifact("9.0.0"));
        awaitEverywhere("9.0.0 active 100%", survivor, returned);
    }

    /** A replica deploying versions one after another until it is killed. */
    static final class DeployingReplica {
        public static void main(String[] args) {
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setUrl(args[0]);
            database.setUser(args[1]);
            Path directory = Path.of(args[2]);
            try (ComponentRuntime runtime = ComponentRuntime.create(RuntimeConfig.builder(directory)
                    .registry(JdbcComponentRegistry.open(database, directory.resolve("artifact-cache")))
                    .store(JdbcComponentStore.open(database))
                    .replicaId("killed")
                    .build())) {
                for (int i = 1; i < 10_000; i++) {
                    String version = "1." + i + ".0";
                    if (i % 2 == 0) {
                        runtime.deploy(TestComponents.artifact(version), DeploymentStrategy.canary(50));
                        runtime.setCanaryPercent("greeter", 70);
                        runtime.promote("greeter");
                    } else {
                        runtime.deploy(TestComponents.artifact(version), DeploymentStrategy.blueGreen());
                    }
                    System.out.println("deployed " + i);
                    System.out.flush();
                }
            }
        }
    }
}
