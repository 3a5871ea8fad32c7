package io.airssys.wasm.actuate;

import io.airssys.wasm.autoconfigure.WasmRuntimeAutoConfiguration;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.Pipelines;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/** The {@code wasm} and {@code wasmpipelines} actuator endpoints, when Actuator is present and they are available. */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, ComponentRuntime.class})
@ConditionalOnBean(ComponentRuntime.class)
@EnableConfigurationProperties(WasmActuatorProperties.class)
public class WasmActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public WasmEndpoint wasmEndpoint(ComponentRuntime runtime, ResourceLoader resources,
                                     WasmActuatorProperties properties) {
        return new WasmEndpoint(runtime, resources, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(WasmEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    public WasmEndpointWebExtension wasmEndpointWebExtension(WasmEndpoint endpoint) {
        return new WasmEndpointWebExtension(endpoint);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnBean(Pipelines.class)
    public WasmPipelinesEndpoint wasmPipelinesEndpoint(Pipelines pipelines) {
        return new WasmPipelinesEndpoint(pipelines);
    }
}
