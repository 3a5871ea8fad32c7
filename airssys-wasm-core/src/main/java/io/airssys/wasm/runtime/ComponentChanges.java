package io.airssys.wasm.runtime;

import java.util.function.Supplier;

/**
 * How the runtime changes what serves a component: one change at a time per component, and,
 * with a shared registry, on the registry's latest state and refused on a conflicting change
 * from another replica ({@link ClusterConvergence}).
 */
interface ComponentChanges {

    /** Changes with a registry of this application instance alone: nothing to coordinate. */
    ComponentChanges LOCAL = new ComponentChanges() {
        @Override
        public <T> T apply(String componentId, Supplier<T> change) {
            return change.get();
        }
    };

    <T> T apply(String componentId, Supplier<T> change);

    default void run(String componentId, Runnable change) {
        apply(componentId, () -> {
            change.run();
            return null;
        });
    }
}
