package io.airssys.wasm.runtime;

import io.airssys.wasm.WasmException;

/** A pipeline stopped at a step; the cause is that step's failure. */
public final class PipelineException extends WasmException {

    private static final long serialVersionUID = 1L;

    private final String pipeline;
    private final int step;
    private final String component;

    public PipelineException(String pipeline, int step, String component, Throwable cause) {
        super(
                "pipeline '" + pipeline + "' failed at step " + (step + 1) + " ('" + component + "'): "
                        + cause.getMessage(),
                cause);
        this.pipeline = pipeline;
        this.step = step;
        this.component = component;
    }

    public String pipeline() {
        return pipeline;
    }

    /** Zero-based index of the failed step. */
    public int step() {
        return step;
    }

    public String component() {
        return component;
    }
}
