package io.airssys.wasm.actuate.observation;

import io.airssys.wasm.runtime.CallOutcome;
import io.airssys.wasm.runtime.CallTarget;
import io.micrometer.observation.Observation;

/** The observation context of one call into a component: where it went and how it ended. */
public class WasmCallObservationContext extends Observation.Context {

    private final CallTarget target;
    private CallOutcome outcome = CallOutcome.FAILURE;

    public WasmCallObservationContext(CallTarget target) {
        this.target = target;
    }

    /** The component, version and function called. */
    public CallTarget getTarget() {
        return target;
    }

    /** How the call ended; {@link CallOutcome#FAILURE} until it has. */
    public CallOutcome getOutcome() {
        return outcome;
    }

    public void setOutcome(CallOutcome outcome) {
        this.outcome = outcome;
    }
}
