package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.actuate.observation.ObservationCallInterceptor;
import io.airssys.wasm.actuate.observation.WasmCallObservationConvention;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that makes every call into a component a Micrometer observation, so the
 * application's observation handlers time it ({@code airssys.wasm.calls}) and trace it. A
 * {@link WasmCallObservationConvention} bean replaces the default names and tags.
 */
@AutoConfiguration(
        before = WasmRuntimeAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, ComponentRuntime.class})
@ConditionalOnBean(ObservationRegistry.class)
public final class WasmObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObservationCallInterceptor wasmObservationCallInterceptor(
            ObservationRegistry registry, ObjectProvider<WasmCallObservationConvention> convention) {
        return new ObservationCallInterceptor(registry, convention.getIfAvailable());
    }
}
