package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.actuate.health.WasmHealthContributor;
import io.airssys.wasm.runtime.ComponentRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a health indicator per component, under the {@code wasm} contributor;
 * off with {@code management.health.wasm.enabled=false}. A failing component does not fail the
 * application's health unless {@code airssys.wasm.actuator.unhealthy-component-is-down} is set.
 */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class, ComponentRuntime.class})
@ConditionalOnBean(ComponentRuntime.class)
@ConditionalOnEnabledHealthIndicator("wasm")
@EnableConfigurationProperties(WasmActuatorProperties.class)
public final class WasmHealthContributorAutoConfiguration {

    @Bean(name = "wasmHealthContributor")
    @ConditionalOnMissingBean(name = "wasmHealthContributor")
    WasmHealthContributor wasmHealthContributor(ComponentRuntime runtime, WasmActuatorProperties properties) {
        return new WasmHealthContributor(runtime, properties.unhealthyComponentIsDown());
    }
}
