package io.airssys.wasm.deployment;

import io.airssys.wasm.SemanticVersion;

/** A component version ready to serve calls, as the runtime builds it (instance pool, typed calls). */
public interface LiveVersion extends AutoCloseable {

    String componentId();

    SemanticVersion version();

    /** Runs the component's health check; a version without one is healthy once it runs. */
    boolean healthy();

    /** Releases the version's instances; called once it has drained. */
    @Override
    void close();

    default String label() {
        return componentId() + "@" + version();
    }
}
