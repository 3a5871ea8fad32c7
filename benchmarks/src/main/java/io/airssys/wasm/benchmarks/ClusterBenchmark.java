package io.airssys.wasm.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.deployment.VersionStats;
import io.airssys.wasm.registry.ComponentRegistry;
import io.airssys.wasm.registry.JdbcComponentRegistry;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.storage.InMemoryComponentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replicas sharing the database registry, on the PostgreSQL server named by
 * {@code AIRSSYS_WASM_TEST_POSTGRES_URL} ({@code tools/postgres/start.sh} prints one), each trial
 * in a new database behind a connection pool: how long a change made on one replica takes to be served by another
 * (convergence), and what a deploy of a 1 MiB artifact costs with the database registry
 * against the file registry.
 */
@Fork(3)
public class ClusterBenchmark {

    static HikariDataSource freshDatabase() {
        String url = System.getenv("AIRSSYS_WASM_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("ClusterBenchmark needs a PostgreSQL server: set"
                    + " AIRSSYS_WASM_TEST_POSTGRES_URL (tools/postgres/start.sh prints one)");
        }
        String name = "airssys_bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(url);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database on " + url + ": " + e.getMessage(), e);
        }
        HikariDataSource pool = new HikariDataSource(); // pooled, as an application's DataSource is
        pool.setJdbcUrl(url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
        pool.setMaximumPoolSize(8);
        return pool;
    }

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("airssys-wasm-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path directory) {
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ComponentRuntime replica(Path directory, ComponentRegistry registry, String name) {
        return ComponentRuntime.create(RuntimeConfig.builder(directory)
                .registry(registry)
                .store(new InMemoryComponentStore())
                .replicaId(name)
                .build());
    }

    static byte[] component(byte[] module, String id, String version) {
        return CustomSectionEditor.append(
                module, "airssys:manifest", "[component]\nid = \"" + id + "\"\nversion = \"" + version + "\"\n");
    }

    /** Two replicas on one database, a canary in progress on both. */
    @State(Scope.Benchmark)
    public static class TwoReplicas {
        Path directory;
        HikariDataSource database;
        ComponentRuntime a;
        ComponentRuntime b;
        int percent = 30;

        @Setup(Level.Trial)
        public void setUp() {
            database = freshDatabase();
            directory = temporaryDirectory();
            a = replica(
                    directory.resolve("a"), JdbcComponentRegistry.open(database, directory.resolve("a/cache")), "a");
            b = replica(
                    directory.resolve("b"), JdbcComponentRegistry.open(database, directory.resolve("b/cache")), "b");
            byte[] module = Fixtures.wasm("(module (memory (export \"memory\") 1))");
            a.deploy(component(module, "greeter", "1.0.0"));
            a.deploy(component(module, "greeter", "2.0.0"), DeploymentStrategy.canary(percent));
            awaitCanaryShare(b, percent);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            b.close();
            database.close();
            delete(directory);
        }
    }

    static void awaitCanaryShare(ComponentRuntime replica, int percent) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (replica.status("greeter")
                .map(s -> s.versions().stream()
                        .noneMatch(v -> v.role() == VersionStats.Role.CANARY && v.percent() == percent))
                .orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replica did not converge on " + percent + "% within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    /** A canary's share changed on replica A, until replica B routes by it. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public int convergence(TwoReplicas replicas) {
        replicas.percent = replicas.percent == 30 ? 40 : 30;
        replicas.a.setCanaryPercent("greeter", replicas.percent);
        awaitCanaryShare(replicas.b, replicas.percent);
        return replicas.percent;
    }

    /** One replica with the registry kind of {@link #registry}, and a 1 MiB module. */
    @State(Scope.Benchmark)
    public static class Deploying {
        @Param({"file", "jdbc"})
        public String registry;

        Path directory;
        HikariDataSource database;
        ComponentRuntime runtime;
        byte[] module;
        int round;
        String id;

        @Setup(Level.Trial)
        public void setUp() {
            directory = temporaryDirectory();
            ComponentRegistry kept;
            if (registry.equals("jdbc")) {
                database = freshDatabase();
                kept = JdbcComponentRegistry.open(database, directory.resolve("cache"));
            } else {
                kept = ComponentRegistry.open(directory.resolve("registry"));
            }
            runtime = replica(directory, kept, "bench");
            module = Fixtures.largeModule(1 << 20);
        }

        /** New bytes (see {@link DeployBenchmark}) under a new id, so nothing can be reused. */
        @Setup(Level.Invocation)
        public void freshArtifact() {
            module[module.length - 7] = (byte) (1 + round % 0x3F);
            id = "big-" + round++;
        }

        @TearDown(Level.Invocation)
        public void forget() {
            runtime.remove(id);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.close();
            if (database != null) {
                database.close();
            }
            delete(directory);
        }
    }

    /** Deploying a 1 MiB artifact: admitted, compiled, stored in the registry, serving. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    public String deployOneMebibyte(Deploying state) {
        return state.runtime.deploy(component(state.module, state.id, "1.0.0")).id();
    }
}
