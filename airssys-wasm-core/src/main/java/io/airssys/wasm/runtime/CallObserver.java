package io.airssys.wasm.runtime;

import io.airssys.wasm.SemanticVersion;

/** Told of every call the runtime makes into a component, after it ends; for metrics and logs. */
@FunctionalInterface
public interface CallObserver {

    /**
     * @param function the export's function name without its interface ({@code add}, {@code handle-message})
     * @param nanos    how long the call took, waiting for an instance included
     */
    void onCall(String componentId, SemanticVersion version, String function, long nanos, CallOutcome outcome);
}
