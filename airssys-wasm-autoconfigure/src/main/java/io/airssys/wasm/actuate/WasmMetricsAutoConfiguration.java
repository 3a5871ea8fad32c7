package io.airssys.wasm.actuate;

import io.airssys.wasm.autoconfigure.WasmRuntimeAutoConfiguration;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Micrometer meters {@code airssys.wasm.*}, bound to every meter registry the application has. */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, ComponentRuntime.class})
@ConditionalOnBean(ComponentRuntime.class)
public class WasmMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WasmMetrics wasmMetrics(ComponentRuntime runtime) {
        return new WasmMetrics(runtime);
    }
}
