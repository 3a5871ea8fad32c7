package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmTimeoutException;
import io.airssys.wasm.registry.HistoryEntry;
import io.airssys.wasm.testing.TestComponents;
import io.airssys.wasm.testing.TestComponents.Initialize;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A new version proves it can serve (initialize, health, smoke call) before it takes any traffic. */
class StartupChecksTest {

    @TempDir
    Path registry;

    private ComponentRuntime runtime;

    private ComponentRuntime runtime(RuntimeConfig.Builder builder) {
        runtime = ComponentRuntime.create(builder.pool(PoolSettings.defaults().withCallTimeout(Duration.ofMillis(300)))
                .build());
        return runtime;
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private String reply() {
        return new String(runtime.component("greeter").execute(new byte[] {1}), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(
            value = DeploymentStrategy.Kind.class,
            names = {"IMMEDIATE", "CANARY", "BLUE_GREEN", "ROLLING"})
    void aVersionWhoseInitializeFailsNeverServesACall(DeploymentStrategy.Kind kind) {
        runtime(RuntimeConfig.builder(registry)).deploy(TestComponents.artifact("1.0.0"));

        assertThatThrownBy(() -> runtime.deploy(
                        TestComponents.artifact("greeter", "2.0.0", 0, Initialize.FAILS, ""), strategy(kind)))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("greeter@2.0.0 failed its start-up checks at initialize")
                .hasMessageContaining("bad input");

        assertThat(runtime.serving("greeter"))
                .extracting(v -> v.version().toString())
                .containsExactly("1.0.0");
        assertThat(reply()).isEqualTo("1.0.0");
        assertThat(runtime.registry().versions("greeter"))
                .as("a refused version is not stored")
                .hasSize(1);
        assertThat(runtime.registry().history("greeter"))
                .extracting(HistoryEntry::action, HistoryEntry::version)
                .contains(org.assertj.core.groups.Tuple.tuple("refuse", "2.0.0"));
    }

    private static DeploymentStrategy strategy(DeploymentStrategy.Kind kind) {
        return switch (kind) {
            case CANARY -> DeploymentStrategy.canary(50);
            case BLUE_GREEN -> DeploymentStrategy.blueGreen();
            case ROLLING -> new DeploymentStrategy.Rolling(2, Duration.ZERO);
            default -> DeploymentStrategy.immediate();
        };
    }

    @Test
    void anInitializeThatNeverReturnsIsRefusedAtItsTimeout() {
        runtime(RuntimeConfig.builder(registry));

        assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("greeter", "1.0.0", 0, Initialize.LOOPS, "")))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("failed its start-up checks at initialize")
                .rootCause()
                .isInstanceOf(WasmTimeoutException.class);
        assertThat(runtime.componentIds()).isEmpty();
    }

    @Test
    void anUnhealthyFirstVersionIsRefusedToo() {
        runtime(RuntimeConfig.builder(registry));

        assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("greeter", "1.0.0", 2, "")))
                .hasMessageContaining("failed its start-up checks at health: its health check says unhealthy");
    }

    @Test
    void theOperatorsSmokeCallMustAnswerBeforeTheVersionTakesTraffic() {
        runtime(RuntimeConfig.builder(registry)
                .smokeCalls(Map.of("greeter", "airssys:core/component-lifecycle@1.0.0#metadata")));
        runtime.deploy(TestComponents.artifact("1.0.0"));
        runtime.close();

        runtime(RuntimeConfig.builder(registry)
                .allowDowngrades(true)
                .smokeCalls(Map.of("greeter", "airssys:core/component-lifecycle@1.0.0#no-such-export")));
        assertThatThrownBy(() -> runtime.deploy(TestComponents.artifact("2.0.0")))
                .hasMessageContaining("failed its start-up checks at the smoke call")
                .hasMessageContaining("no-such-export");
        assertThat(reply()).isEqualTo("1.0.0");
    }

    @Test
    void readsTheComponentsMetadataWhenItIsAdmitted() {
        runtime(RuntimeConfig.builder(registry)).deploy(TestComponents.artifact("1.2.0"));

        assertThat(runtime.serving("greeter").get(0).metadata())
                .contains(new ComponentMetadata("test component", "1.2.0", Optional.empty(), List.of()));
    }
}
