package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.testing.TestComponents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

    @TempDir
    Path registry;

    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry).build());
        runtime.deploy(TestComponents.appender("first", "-1"));
        runtime.deploy(TestComponents.appender("second", "-2"));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void eachStepsReplyIsTheNextStepsInput() {
        Pipelines pipelines = new Pipelines(runtime, Map.of("both", List.of("first", "second", "first")));

        byte[] output = pipelines.run("both", "x".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(output, StandardCharsets.UTF_8)).isEqualTo("x-1-2-1");
        assertThat(pipelines.get("both").orElseThrow().runs()).isEqualTo(1);
    }

    @Test
    void failingStepIsNamed() {
        Pipelines pipelines = new Pipelines(runtime, Map.of("broken", List.of("first", "missing")));

        assertThatThrownBy(() -> pipelines.run("broken", new byte[0]))
                .isInstanceOfSatisfying(PipelineException.class, e -> {
                    assertThat(e.step()).isEqualTo(1);
                    assertThat(e.component()).isEqualTo("missing");
                })
                .hasMessageContaining(
                        "pipeline 'broken' failed at step 2 ('missing'): component 'missing' is not deployed");
        assertThat(pipelines.get("broken").orElseThrow().failures()).isEqualTo(1);
        assertThatThrownBy(() -> pipelines.run("nope", new byte[0])).hasMessageContaining("no pipeline 'nope'");
        assertThatThrownBy(() -> new Pipeline("empty", List.of(), runtime)).hasMessageContaining("has no steps");
    }
}
