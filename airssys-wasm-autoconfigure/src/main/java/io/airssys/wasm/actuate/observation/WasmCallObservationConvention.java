package io.airssys.wasm.actuate.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags calls into components; declare a bean of this type to replace
 * {@link DefaultWasmCallObservationConvention}.
 */
public interface WasmCallObservationConvention extends ObservationConvention<WasmCallObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WasmCallObservationContext;
    }
}
