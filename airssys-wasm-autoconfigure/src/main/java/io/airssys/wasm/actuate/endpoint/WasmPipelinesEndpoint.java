package io.airssys.wasm.actuate.endpoint;

import io.airssys.wasm.runtime.Pipelines;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code wasmpipelines} actuator endpoint: {@code GET} lists pipelines with their steps and
 * counters; {@code POST /actuator/wasmpipelines/{name}} {@code {"input": "..."}} runs one on UTF-8 text.
 */
@Endpoint(id = "wasmpipelines")
public class WasmPipelinesEndpoint {

    private final Pipelines pipelines;

    public WasmPipelinesEndpoint(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    /** Every pipeline, by name. */
    public record PipelinesDescriptor(List<PipelineSummary> pipelines) implements OperationResponseBody {}

    /** A pipeline's steps (component ids, in order) and how often it ran and failed. */
    public record PipelineSummary(String name, List<String> steps, long runs, long failures) {}

    /** The last step's reply, as UTF-8 text. */
    public record PipelineRun(String name, String output) implements OperationResponseBody {}

    @ReadOperation
    public PipelinesDescriptor pipelines() {
        return new PipelinesDescriptor(pipelines.all().stream()
                .map(p -> new PipelineSummary(p.name(), p.steps(), p.runs(), p.failures()))
                .sorted(Comparator.comparing(PipelineSummary::name))
                .toList());
    }

    @WriteOperation
    public PipelineRun run(@Selector String name, String input) {
        byte[] output = pipelines.run(name, input.getBytes(StandardCharsets.UTF_8));
        return new PipelineRun(name, new String(output, StandardCharsets.UTF_8));
    }
}
