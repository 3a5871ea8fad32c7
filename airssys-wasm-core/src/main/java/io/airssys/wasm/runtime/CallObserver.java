package io.airssys.wasm.runtime;

/** Told of every call the runtime makes into a component, after it ends; for metrics. */
@FunctionalInterface
public interface CallObserver {

    /**
     * @param outcome {@code success}, {@code component-error} (the component answered with an error),
     *                {@code trap}, {@code timeout}, {@code rejected} (no instance free, bad arguments,
     *                ABI violation) or {@code failure}
     */
    void onCall(String componentId, String version, String function, long nanos, String outcome);
}
