package io.airssys.wasm.actuate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.runtime.ComponentErrorException;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.testing.TestComponents;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmMetricsTest {

    @TempDir
    Path dir;

    private ComponentRuntime runtime;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(dir).build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void callsAreTimedWithComponentVersionFunctionAndOutcome() {
        new WasmMetrics(runtime, true).bindTo(registry);
        ComponentHandle greeter = runtime.deploy(TestComponents.artifact("1.0.0"));

        greeter.execute(new byte[] {1});
        assertThatThrownBy(() -> greeter.execute("boom".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ComponentErrorException.class);

        Timer success = registry.get("airssys.wasm.calls")
                .tags("component", "greeter", "version", "1.0.0", "function", "handle-message", "outcome", "success")
                .timer();
        Timer error = registry.get("airssys.wasm.calls")
                .tag("outcome", "component-error")
                .timer();
        assertThat(success.count()).isEqualTo(1);
        assertThat(error.count()).isEqualTo(1);
        assertThat(registry.get("airssys.wasm.deployments")
                        .tag("event", "deployed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("airssys.wasm.audit.decisions").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void leavesCallTimingToObservationsWhenAsked() {
        new WasmMetrics(runtime, false).bindTo(registry);
        runtime.deploy(TestComponents.artifact("1.0.0")).execute(new byte[] {1});

        assertThat(registry.find("airssys.wasm.calls").timer()).isNull();
        assertThat(registry.get("airssys.wasm.deployments").counter().count()).isEqualTo(1);
    }
}
