package io.airssys.wasm.actuate.observation;

import io.airssys.wasm.actuate.observation.WasmObservationDocumentation.CallKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Calls are named {@code airssys.wasm.calls} and tagged with the component, version, function
 * and outcome; their spans read {@code wasm <component> <function>}.
 */
public class DefaultWasmCallObservationConvention implements WasmCallObservationConvention {

    /** The observation's name, which is the timer's name as a metric. */
    public static final String NAME = "airssys.wasm.calls";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(WasmCallObservationContext context) {
        return "wasm " + context.getTarget().componentId() + " "
                + context.getTarget().function();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WasmCallObservationContext context) {
        return KeyValues.of(
                CallKeyNames.COMPONENT.withValue(context.getTarget().componentId()),
                CallKeyNames.VERSION.withValue(context.getTarget().version().toString()),
                CallKeyNames.FUNCTION.withValue(context.getTarget().function()),
                CallKeyNames.OUTCOME.withValue(context.getOutcome().tag()));
    }
}
