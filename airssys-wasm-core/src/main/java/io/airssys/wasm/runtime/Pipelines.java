package io.airssys.wasm.runtime;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The application's pipelines by name. */
public final class Pipelines {

    private final Map<String, Pipeline> pipelines;

    public Pipelines(ComponentRuntime runtime, Map<String, List<String>> stepsByName) {
        Map<String, Pipeline> built = new LinkedHashMap<>();
        stepsByName.forEach((name, steps) -> built.put(name, new Pipeline(name, steps, runtime)));
        this.pipelines = Map.copyOf(built);
    }

    public Optional<Pipeline> get(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    /**
     * Runs the pipeline called {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public byte[] run(String name, byte[] input) {
        return get(name)
                .orElseThrow(() ->
                        new IllegalArgumentException("no pipeline '" + name + "'; there are " + pipelines.keySet()))
                .run(input);
    }

    public Collection<Pipeline> all() {
        return pipelines.values();
    }
}
