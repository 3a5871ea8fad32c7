package io.airssys.wasm.runtime;

/**
 * The roll-outs that advance on their own (canary analyses, rolling steps) as a replica runs
 * them, for {@link ClusterConvergence} to hand over between replicas: the one holding a
 * component's lease drives its roll-out from the plan kept in the registry.
 */
interface AutomaticRollouts {

    /** Whether this replica is advancing the component's roll-out now. */
    boolean drives(String componentId);

    /** Takes up the roll-out the registry's plan describes, the canary already serving at its share. */
    void resume(String componentId);

    /** Stops advancing the component's roll-out here, leaving what serves as it is. */
    void stop(String componentId);
}
