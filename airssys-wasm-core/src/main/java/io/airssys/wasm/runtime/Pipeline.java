package io.airssys.wasm.runtime;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chain of components: the input goes to the first step's {@code handle-message}, each reply
 * becomes the next step's input, the last reply is the result. Each step is called like any
 * other call, so it reaches whichever version is serving at that moment. Thread-safe.
 */
public final class Pipeline {

    private final String name;
    private final List<String> steps;
    private final ComponentRuntime runtime;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public Pipeline(String name, List<String> steps, ComponentRuntime runtime) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("pipeline '" + name + "' has no steps");
        }
        this.name = name;
        this.steps = List.copyOf(steps);
        this.runtime = runtime;
    }

    public String name() {
        return name;
    }

    /** Component ids, in order. */
    public List<String> steps() {
        return steps;
    }

    /**
     * @throws PipelineException naming the step that failed; its cause is the step's error
     */
    public byte[] run(byte[] input) {
        runs.incrementAndGet();
        byte[] data = input;
        for (int i = 0; i < steps.size(); i++) {
            try {
                data = runtime.component(steps.get(i)).execute(data);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                throw new PipelineException(name, i, steps.get(i), e);
            }
        }
        return data;
    }

    public long runs() {
        return runs.get();
    }

    public long failures() {
        return failures.get();
    }
}
