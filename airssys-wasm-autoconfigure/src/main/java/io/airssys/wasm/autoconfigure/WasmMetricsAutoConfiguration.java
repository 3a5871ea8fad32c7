package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.actuate.metrics.WasmMetrics;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the Micrometer meters {@code airssys.wasm.*}, bound to every meter
 * registry the application has. Calls are timed here only when the application has no
 * {@link ObservationRegistry}; with one, {@link WasmObservationAutoConfiguration} times them.
 */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, ComponentRuntime.class})
@ConditionalOnBean(ComponentRuntime.class)
public final class WasmMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WasmMetrics wasmMetrics(ComponentRuntime runtime, ObjectProvider<ObservationRegistry> observations) {
        return new WasmMetrics(runtime, observations.getIfAvailable() == null);
    }
}
