package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.deployment.DeploymentStatus;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.registry.HistoryEntry;
import io.airssys.wasm.registry.RolloutState;
import io.airssys.wasm.testing.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry is the desired state: what served before a restart, roll-outs included, serves after it. */
class RolloutPersistenceTest {

    @TempDir
    Path registry;

    private final List<ComponentRuntime> opened = new ArrayList<>();

    private ComponentRuntime runtime() {
        ComponentRuntime runtime =
                ComponentRuntime.create(RuntimeConfig.builder(registry).build());
        opened.add(runtime);
        return runtime;
    }

    /** Closes the runtime as an application shutting down would, and starts a new one on the same registry. */
    private ComponentRuntime restart(ComponentRuntime runtime) {
        runtime.close();
        opened.remove(runtime);
        return runtime();
    }

    @AfterEach
    void close() {
        opened.forEach(ComponentRuntime::close);
    }

    private static String reply(ComponentRuntime runtime) {
        return new String(runtime.component("greeter").execute(new byte[] {1}), StandardCharsets.UTF_8);
    }

    private static List<String> roles(ComponentRuntime runtime) {
        DeploymentStatus status = runtime.status("greeter").orElseThrow();
        return status.versions().stream()
                .map(v -> v.version() + " " + v.role() + " " + v.percent())
                .toList();
    }

    @Test
    void aCanaryAtThirtyPercentSurvivesARestartAtThirtyPercent() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.stickyCanary(10));
        runtime.setCanaryPercent("greeter", 30);

        ComponentRuntime restarted = restart(runtime);

        assertThat(roles(restarted)).containsExactly("1.0.0 ACTIVE 70", "2.0.0 CANARY 30");
        assertThat(restarted.status("greeter").orElseThrow().sticky()).isTrue();
        assertThat(restarted.registry().rollout("greeter"))
                .contains(RolloutState.canary(SemanticVersion.parse("2.0.0"), 30, true));
        restarted.promote("greeter");
        assertThat(reply(restart(restarted))).isEqualTo("2.0.0");
    }

    @Test
    void aBlueGreenStandbySurvivesARestartAndCanStillBeSwitchedBackTo() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.blueGreen());

        ComponentRuntime restarted = restart(runtime);

        assertThat(roles(restarted)).containsExactly("2.0.0 ACTIVE 100", "1.0.0 STANDBY 0");
        restarted.rollback("greeter");
        assertThat(reply(restarted)).isEqualTo("1.0.0");
        ComponentRuntime again = restart(restarted);
        assertThat(roles(again)).containsExactly("1.0.0 ACTIVE 100", "2.0.0 STANDBY 0");
        again.rollback("greeter");
        assertThat(reply(again)).as("switched forward again").isEqualTo("2.0.0");
    }

    @Test
    void aPromotedVersionStaysPromotedAcrossARestart() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(50));
        runtime.promote("greeter");

        ComponentRuntime restarted = restart(runtime);

        assertThat(reply(restarted)).isEqualTo("2.0.0");
        assertThat(restarted.registry().rollout("greeter")).isEmpty();
    }

    @Test
    void startWithoutAVersionResumesTheVersionThatServedLast() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"));
        runtime.rollbackTo("greeter", SemanticVersion.parse("1.0.0"));
        runtime.stop("greeter");

        ComponentRuntime restarted = restart(runtime);
        assertThat(restarted.componentIds())
                .as("a stopped component stays stopped")
                .isEmpty();
        restarted.start("greeter");

        assertThat(reply(restarted)).isEqualTo("1.0.0");
    }

    @Test
    void aComponentFirstDeployedAsACanaryIsRestored() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"), DeploymentStrategy.canary(20));

        assertThat(reply(restart(runtime))).isEqualTo("1.0.0");
    }

    @Test
    void theHistoryRecordsEveryTransitionWithWhatHappened() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(10));
        runtime.setCanaryPercent("greeter", 40);
        runtime.rollback("greeter");
        runtime.deploy(TestComponents.artifact("3.0.0"), DeploymentStrategy.blueGreen());
        runtime.promote("greeter");

        List<String> history = runtime.registry().history("greeter").stream()
                .filter(entry -> !entry.action().equals("store"))
                .map(entry -> entry.action() + " " + entry.version() + " (" + entry.detail() + ")")
                .toList();

        assertThat(history)
                .containsExactly(
                        "activate 1.0.0 (deployed)",
                        "canary 2.0.0 (10% of calls)",
                        "weight 2.0.0 (40% of calls)",
                        "rollback 1.0.0 (from 2.0.0)",
                        "blue-green 3.0.0 (switched from 1.0.0, kept as standby)",
                        "promote 3.0.0 ()");
        assertThat(runtime.registry().history("greeter"))
                .extracting(HistoryEntry::action)
                .contains("store");
    }

    @Test
    void anAnalysedCanaryResumesItsAnalysisAfterARestart() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(TestComponents.artifact("2.0.0"), DeploymentStrategy.canary(1));
        runtime.analyzeCanary(
                "greeter", new CanaryAnalysis(List.of(20, 50), java.time.Duration.ofMillis(300), 0.05, 50, 5));

        ComponentRuntime restarted = restart(runtime);

        assertThat(restarted.canaryAnalysis("greeter"))
                .hasValueSatisfying(progress -> assertThat(progress.step()).isZero());
        assertThat(roles(restarted)).containsExactly("1.0.0 ACTIVE 80", "2.0.0 CANARY 20");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> {
                    for (int i = 0; i < 50; i++) {
                        reply(restarted);
                    }
                    return restarted.serving("greeter").size() == 1;
                });
        assertThat(reply(restarted)).as("it went on and promoted itself").isEqualTo("2.0.0");
    }

    @Test
    void aRollingDeploymentResumesAsRollingAfterARestart() {
        ComponentRuntime runtime = runtime();
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.deploy(
                TestComponents.artifact("2.0.0"), new DeploymentStrategy.Rolling(4, java.time.Duration.ofSeconds(30)));

        ComponentRuntime restarted = restart(runtime);

        assertThat(restarted.status("greeter").orElseThrow().strategy()).isEqualTo(DeploymentStrategy.Kind.ROLLING);
        assertThat(roles(restarted)).containsExactly("1.0.0 ACTIVE 75", "2.0.0 CANARY 25");
        assertThat(restarted.registry().rollout("greeter").orElseThrow().plan())
                .hasValueSatisfying(plan -> assertThat(plan.steps()).containsExactly(25, 50, 75, 100));
    }
}
