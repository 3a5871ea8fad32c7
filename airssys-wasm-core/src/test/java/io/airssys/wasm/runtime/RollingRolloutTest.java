package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.registry.HistoryEntry;
import io.airssys.wasm.testing.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rolling deployment returns at once and steps on in the background, health-checked at each step. */
class RollingRolloutTest {

    @TempDir
    Path registry;

    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry).build());
        runtime.deploy(TestComponents.artifact("1.0.0"));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private List<String> serving() {
        return runtime.serving("greeter").stream()
                .map(v -> v.version().toString())
                .toList();
    }

    @Test
    void deployingReturnsAtOnceAndTheStepsFollowInTheBackground() {
        long started = System.nanoTime();
        runtime.deploy(TestComponents.artifact("2.0.0"), new DeploymentStrategy.Rolling(4, Duration.ofMillis(300)));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));
        var status = runtime.status("greeter").orElseThrow();
        assertThat(status.strategy()).isEqualTo(DeploymentStrategy.Kind.ROLLING);
        assertThat(status.versions().get(1).percent()).as("the first step").isEqualTo(25);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> serving().equals(List.of("2.0.0")));
        // recorded just after the routing switches, on the roll-out's thread
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> runtime.registry()
                        .active("greeter")
                        .map(v -> v.version().toString())
                        .equals(java.util.Optional.of("2.0.0")));
        assertThat(runtime.registry().history("greeter"))
                .extracting(HistoryEntry::action, HistoryEntry::detail)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("weight", "50% of calls"),
                        org.assertj.core.groups.Tuple.tuple("weight", "100% of calls"));
        assertThat(runtime.registry().active("greeter").orElseThrow().version()).hasToString("2.0.0");
    }

    @Test
    void aVersionTurningUnhealthyDuringTheRollIsRolledBackWithTheReason() {
        runtime.deploy(
                TestComponents.artifact("greeter", "2.0.0", 0, "[resources]\ninstances = 1\n"),
                new DeploymentStrategy.Rolling(4, Duration.ofMillis(200)));
        // "sick" makes whichever instance receives it unhealthy; keep sending until 2.0.0's has
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                runtime.component("greeter").execute("sick".getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                // routing may have moved on meanwhile
            }
            return serving().equals(List.of("1.0.0"));
        });

        assertThat(runtime.registry().history("greeter"))
                .extracting(HistoryEntry::detail)
                .anySatisfy(detail -> assertThat(detail).startsWith("rolled back: failed its health check at step"));
    }

    @Test
    void aManualPromoteEndsTheRollAtOnce() {
        runtime.deploy(TestComponents.artifact("2.0.0"), new DeploymentStrategy.Rolling(4, Duration.ofSeconds(30)));

        runtime.promote("greeter");

        assertThat(serving()).containsExactly("2.0.0");
    }

    @Test
    void aVersionFailingItsCallsDuringTheRollIsRolledBackWithItsErrorRate() {
        runtime.deploy(TestComponents.trapping("2.0.0"), new DeploymentStrategy.Rolling(4, Duration.ofMillis(300)));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = 0; i < 50; i++) {
                try {
                    runtime.component("greeter").execute(new byte[] {1});
                } catch (RuntimeException e) {
                    // its share of the calls traps: that is what is being judged
                }
            }
            return serving().equals(List.of("1.0.0"));
        });

        assertThat(runtime.registry().history("greeter"))
                .extracting(HistoryEntry::detail)
                .anySatisfy(detail -> assertThat(detail)
                        .startsWith("rolled back: 100.0% of its ")
                        .endsWith("more than the 5% allowed"));
    }
}
