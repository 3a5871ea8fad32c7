package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.deployment.DeploymentException;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.registry.HistoryEntry;
import io.airssys.wasm.testing.TestComponents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A canary that advances on its own, judged against the stable version after each interval. */
class CanaryAnalysisTest {

    private static final CanaryAnalysis QUICK =
            new CanaryAnalysis(List.of(20, 50), Duration.ofMillis(200), 0.05, 50, 5);

    @TempDir
    Path registry;

    private ComponentRuntime runtime;
    private final AtomicBoolean calling = new AtomicBoolean(true);
    private Thread traffic;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry).build());
        runtime.deploy(TestComponents.artifact("1.0.0"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        calling.set(false);
        if (traffic != null) {
            traffic.join();
        }
        runtime.close();
    }

    /** Calls the component continuously, as users would, until the test ends. */
    private void trafficInTheBackground() {
        traffic = new Thread(() -> {
            while (calling.get()) {
                try {
                    runtime.component("greeter").execute(new byte[] {1});
                } catch (RuntimeException e) {
                    // a broken canary fails its share of the calls; that is what is being judged
                }
            }
        });
        traffic.start();
    }

    private List<String> serving() {
        return runtime.serving("greeter").stream()
                .map(v -> v.version().toString())
                .toList();
    }

    private List<String> analysisHistory() {
        return runtime.registry().history("greeter").stream()
                .filter(entry -> entry.action().equals("analysis"))
                .map(HistoryEntry::detail)
                .toList();
    }

    @Test
    void aHealthyCanaryPromotesItselfThroughItsSteps() {
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(1));
        runtime.analyzeCanary("greeter", QUICK);
        assertThat(runtime.status("greeter").orElseThrow().versions().get(1).percent())
                .isEqualTo(20);
        trafficInTheBackground();

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> serving().equals(List.of("2.0.0")));
        // the promotion is recorded just after the routing switches, on the analysis' thread
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> runtime.registry().history("greeter").stream()
                        .anyMatch(entry -> entry.action().equals("promote")));

        assertThat(analysisHistory()).last().isEqualTo("promoted automatically: passed 2 step(s)");
        assertThat(runtime.registry().history("greeter"))
                .extracting(HistoryEntry::action)
                .contains("weight", "promote");
        assertThat(runtime.canaryAnalysis("greeter")).isEmpty();
    }

    @Test
    void aFailingCanaryRollsItselfBackWithinItsWindowAndSaysWhy() {
        runtime.deploy(TestComponents.trapping("2.0.0"), DeploymentStrategy.canary(1));
        runtime.analyzeCanary("greeter", QUICK);
        trafficInTheBackground();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> serving().equals(List.of("1.0.0")));

        assertThat(analysisHistory())
                .last()
                .asString()
                .startsWith("rolled back automatically: error rate 100.0% over ")
                .endsWith("calls is above the 5.0% allowed");
        assertThat(runtime.registry().active("greeter").orElseThrow().version()).hasToString("1.0.0");
    }

    @Test
    void aStepWithTooFewCallsIsHeldNotJudged() throws InterruptedException {
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(1));
        runtime.analyzeCanary("greeter", QUICK);

        Thread.sleep(700); // three intervals without a call

        assertThat(runtime.status("greeter").orElseThrow().versions().get(1).percent())
                .isEqualTo(20);
        assertThat(runtime.canaryAnalysis("greeter"))
                .hasValueSatisfying(progress -> assertThat(progress.step()).isZero());
    }

    @Test
    void aManualDecisionEndsTheAnalysis() {
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(1));
        runtime.analyzeCanary("greeter", QUICK);

        runtime.promote("greeter");

        assertThat(runtime.canaryAnalysis("greeter")).isEmpty();
        assertThat(serving()).containsExactly("2.0.0");
    }

    @Test
    void needsACanaryAndASensiblePolicy() {
        assertThatThrownBy(() -> runtime.analyzeCanary("greeter", QUICK))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("has no canary to analyse");
        assertThatThrownBy(() -> new CanaryAnalysis(List.of(50, 20), Duration.ofSeconds(1), 0.05, 2, 10))
                .hasMessageContaining("steps must rise");
        assertThatThrownBy(() -> CanaryAnalysis.of(List.of(10), Duration.ofMillis(1)))
                .hasMessageContaining("is not between 100 ms and 1 hour");
        assertThat(CanaryAnalyzer.breach(
                        QUICK, new CallWindows.Window(100, 1, 9_000_000), new CallWindows.Window(100, 0, 100_000)))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("p99 latency 9.00 ms is 90.0 times"));
    }
}
