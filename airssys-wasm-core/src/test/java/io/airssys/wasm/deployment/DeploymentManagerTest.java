package io.airssys.wasm.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.SemanticVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentManagerTest {

    /** A version that answers with its own version string and refuses calls once closed. */
    static final class FakeVersion implements LiveVersion {
        final SemanticVersion version;
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean healthy = true;

        FakeVersion(String version) {
            this.version = SemanticVersion.parse(version);
        }

        String handle() {
            if (closed.get()) {
                throw new IllegalStateException(version + " was called after it was closed");
            }
            Thread.onSpinWait();
            return version.toString();
        }

        @Override
        public String componentId() {
            return "greeter";
        }

        @Override
        public SemanticVersion version() {
            return version;
        }

        @Override
        public boolean healthy() {
            return healthy;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private final DeploymentManager<FakeVersion> manager = new DeploymentManager<>();
    private final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
    private final FakeVersion v1 = new FakeVersion("1.0.0");
    private final FakeVersion v2 = new FakeVersion("2.0.0");

    DeploymentManagerTest() {
        manager.addListener(events::add);
        manager.deploy(v1, DeploymentStrategy.immediate());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private String call(String key) {
        return manager.call("greeter", key == null ? RoutingKey.NONE : RoutingKey.of(key), FakeVersion::handle);
    }

    static Stream<Object[]> strategies() {
        Consumer<DeploymentManager<FakeVersion>> promote = m -> m.promote("greeter");
        Consumer<DeploymentManager<FakeVersion>> nothing = m -> {};
        return Stream.of(
                new Object[] {DeploymentStrategy.immediate(), nothing},
                new Object[] {DeploymentStrategy.blueGreen(), promote},
                new Object[] {DeploymentStrategy.canary(30), promote},
                new Object[] {new DeploymentStrategy.Rolling(4, Duration.ofMillis(5)), nothing});
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void switchingVersionsUnderConcurrentLoadLosesNoCall(
            DeploymentStrategy strategy, Consumer<DeploymentManager<FakeVersion>> finish) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
        List<Future<Long>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(callers.submit(() -> {
                long made = 0;
                while (running.get() || made < 2_000) {
                    answers.computeIfAbsent(call(null), k -> new AtomicLong()).incrementAndGet();
                    made++;
                }
                return made;
            }));
        }
        Thread.sleep(20);
        manager.deploy(v2, strategy);
        Thread.sleep(20);
        finish.accept(manager);
        Thread.sleep(20);
        running.set(false);
        long made = 0;
        for (Future<Long> future : futures) {
            made += future.get(30, TimeUnit.SECONDS);
        }
        callers.shutdown();

        long answered = answers.values().stream().mapToLong(AtomicLong::get).sum();
        assertThat(answered).as("every call made was answered").isEqualTo(made);
        assertThat(answers).containsKeys("1.0.0", "2.0.0");
        assertThat(call(null)).isEqualTo("2.0.0");
        assertThat(v1.closed).as("the old version drained and closed").isTrue();
        assertThat(v2.closed).isFalse();
    }

    @Test
    void canarySendsItsShareOfCalls() {
        manager.deploy(v2, DeploymentStrategy.canary(10));

        long toCanary = Stream.generate(() -> call(null))
                .limit(10_000)
                .filter("2.0.0"::equals)
                .count();

        assertThat(toCanary).isBetween(700L, 1_300L);
        assertThat(manager.status("greeter").orElseThrow().versions())
                .extracting(VersionStats::role, VersionStats::percent)
                .containsExactly(Tuple.tuple(VersionStats.Role.ACTIVE, 90), Tuple.tuple(VersionStats.Role.CANARY, 10));
        VersionStats canary = manager.status("greeter").orElseThrow().versions().get(1);
        assertThat(canary.calls()).isEqualTo(toCanary);
    }

    @Test
    void stickyCanaryKeepsEachKeyOnOneVersion() {
        manager.deploy(v2, DeploymentStrategy.stickyCanary(50));

        for (int user = 0; user < 200; user++) {
            String first = call("user-" + user);
            for (int again = 0; again < 5; again++) {
                assertThat(call("user-" + user)).isEqualTo(first);
            }
        }
        long onCanary = Stream.iterate(0, i -> i + 1)
                .limit(2_000)
                .map(i -> call("user-" + i))
                .filter("2.0.0"::equals)
                .count();
        assertThat(onCanary).isBetween(850L, 1_150L);
    }

    @Test
    void canaryRollbackRestoresTheOldVersionAlone() {
        manager.deploy(v2, DeploymentStrategy.canary(50));

        manager.rollback("greeter");

        assertThat(Stream.generate(() -> call(null)).limit(200)).containsOnly("1.0.0");
        assertThat(v2.closed).isTrue();
        assertThat(events)
                .last()
                .isEqualTo(new DeploymentEvent.RolledBack(
                        "greeter", SemanticVersion.parse("2.0.0"), SemanticVersion.parse("1.0.0")));
    }

    @Test
    void blueGreenKeepsTheOldVersionWarmForAnInstantRollback() {
        manager.deploy(v2, DeploymentStrategy.blueGreen());
        assertThat(call(null)).isEqualTo("2.0.0");
        assertThat(v1.closed).isFalse();

        manager.rollback("greeter");

        assertThat(call(null)).isEqualTo("1.0.0");
        assertThat(v2.closed).as("kept warm in its turn").isFalse();
        manager.rollback("greeter");
        assertThat(call(null)).as("switched forward again").isEqualTo("2.0.0");
        manager.promote("greeter");
        assertThat(v1.closed).as("promote releases the standby").isTrue();
    }

    @Test
    void blueGreenRefusesAnUnhealthyVersionAndTheOldOneKeepsServing() {
        v2.healthy = false;

        assertThatThrownBy(() -> manager.deploy(v2, DeploymentStrategy.blueGreen()))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("greeter@2.0.0 was not deployed: it failed its health check");

        assertThat(call(null)).isEqualTo("1.0.0");
        assertThat(v2.closed).isTrue();
        assertThat(events)
                .last()
                .isEqualTo(new DeploymentEvent.Refused(
                        "greeter", SemanticVersion.parse("2.0.0"), "it failed its health check"));
    }

    @Test
    void rollingRollsBackWhenTheNewVersionTurnsUnhealthy() {
        v2.healthy = false;

        assertThatThrownBy(() -> manager.deploy(v2, new DeploymentStrategy.Rolling(4, Duration.ZERO)))
                .hasMessageContaining("failed its health check at 25% of a rolling deployment");

        assertThat(call(null)).isEqualTo("1.0.0");
        assertThat(v2.closed).isTrue();
    }

    @Test
    void canaryWeightCanBeChanged() {
        manager.deploy(v2, DeploymentStrategy.canary(0));
        assertThat(Stream.generate(() -> call(null)).limit(100)).containsOnly("1.0.0");

        manager.setCanaryPercent("greeter", 100);

        assertThat(Stream.generate(() -> call(null)).limit(100)).containsOnly("2.0.0");
    }

    @Test
    void promoteAndRollbackNeedSomethingToActOn() {
        assertThatThrownBy(() -> manager.promote("greeter")).hasMessageContaining("nothing to promote");
        assertThatThrownBy(() -> manager.rollback("greeter")).hasMessageContaining("no canary or standby");
        assertThatThrownBy(() -> manager.call("nope", RoutingKey.NONE, FakeVersion::handle))
                .hasMessageContaining("not deployed");
    }

    @Test
    void undeployDrainsEverything() {
        manager.deploy(v2, DeploymentStrategy.canary(50));

        manager.undeploy("greeter");

        assertThat(v1.closed).isTrue();
        assertThat(v2.closed).isTrue();
        assertThatThrownBy(() -> call(null)).isInstanceOf(DeploymentException.class);
    }
}
