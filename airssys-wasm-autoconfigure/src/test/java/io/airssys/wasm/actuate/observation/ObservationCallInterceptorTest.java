package io.airssys.wasm.actuate.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.runtime.ComponentErrorException;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.RuntimeConfig;
import io.airssys.wasm.testing.TestComponents;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationCallInterceptorTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final List<String> spans = new CopyOnWriteArrayList<>();
    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public void onStop(Observation.Context context) {
                spans.add(context.getContextualName() + " "
                        + context.getLowCardinalityKeyValue("outcome").getValue()
                        + (context.getError() == null ? "" : " error"));
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        runtime = ComponentRuntime.create(RuntimeConfig.builder(dir).build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void everyCallIsAnObservationTimedAndNamedByTheDefaultConvention() {
        runtime.addCallInterceptor(new ObservationCallInterceptor(observations, null));
        ComponentHandle greeter = runtime.deploy(TestComponents.artifact("1.0.0"));

        greeter.execute(new byte[] {1});
        assertThatThrownBy(() -> greeter.execute("boom".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ComponentErrorException.class);

        assertThat(meters.get("airssys.wasm.calls")
                        .tags(
                                "component",
                                "greeter",
                                "version",
                                "1.0.0",
                                "function",
                                "handle-message",
                                "outcome",
                                "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("airssys.wasm.calls")
                        .tag("outcome", "component-error")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(spans)
                .containsExactly(
                        "wasm greeter handle-message success", "wasm greeter handle-message component-error error");
    }

    @Test
    void aCustomConventionRenamesAndRetags() {
        runtime.addCallInterceptor(new ObservationCallInterceptor(observations, new WasmCallObservationConvention() {
            @Override
            public String getName() {
                return "plugins.calls";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(WasmCallObservationContext context) {
                return KeyValues.of(
                        "plugin",
                        context.getTarget().componentId(),
                        "outcome",
                        context.getOutcome().tag());
            }
        }));

        runtime.deploy(TestComponents.artifact("1.0.0")).execute(new byte[] {1});

        assertThat(meters.get("plugins.calls")
                        .tags("plugin", "greeter", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(meters.find("airssys.wasm.calls").timer()).isNull();
    }
}
