package io.airssys.wasm.actuate.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observations airssys-wasm makes, with their key names. */
public enum WasmObservationDocumentation implements ObservationDocumentation {

    /**
     * A call into a component, timed from routing to its end (waiting for a free instance
     * included). As a metric: the timer {@code airssys.wasm.calls}. As a trace: a span named
     * {@code wasm <component> <function>}.
     */
    CALL {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultWasmCallObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return CallKeyNames.values();
        }
    };

    /** Tags of {@link #CALL}. */
    public enum CallKeyNames implements KeyName {

        /** The component id. */
        COMPONENT {
            @Override
            public String asString() {
                return "component";
            }
        },

        /** The version routing picked, e.g. {@code 1.2.0}. */
        VERSION {
            @Override
            public String asString() {
                return "version";
            }
        },

        /** The function called, without its interface, e.g. {@code handle-message}. */
        FUNCTION {
            @Override
            public String asString() {
                return "function";
            }
        },

        /**
         * How it ended: {@code success}, {@code component-error}, {@code trap}, {@code timeout},
         * {@code capability-denied}, {@code rejected} or {@code failure}.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }
}
