package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.actuate.endpoint.ArtifactLocations;
import io.airssys.wasm.actuate.endpoint.WasmEndpoint;
import io.airssys.wasm.actuate.endpoint.WasmEndpointWebExtension;
import io.airssys.wasm.actuate.endpoint.WasmPipelinesEndpoint;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.Pipelines;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
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

/**
 * Auto-configuration of the {@code wasm} and {@code wasmpipelines} actuator endpoints, when
 * Actuator is present and they are available.
 */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class, ComponentRuntime.class})
@ConditionalOnBean(ComponentRuntime.class)
@EnableConfigurationProperties(WasmActuatorProperties.class)
public final class WasmEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    WasmEndpoint wasmEndpoint(
            ComponentRuntime runtime,
            ResourceLoader resources,
            WasmActuatorProperties properties,
            ObjectProvider<WasmRuntimeProperties> runtimeProperties) {
        WasmRuntimeProperties configured = runtimeProperties.getIfAvailable();
        return new WasmEndpoint(
                runtime,
                new ArtifactLocations(
                        resources,
                        properties.allowedLocations(),
                        properties.maxUploadSize().toBytes()),
                id -> Optional.ofNullable(configured)
                        .map(p -> p.components().get(id))
                        .map(WasmRuntimeProperties.Component::canaryAnalysis)
                        .map(WasmRuntimeProperties.CanaryAnalysis::toPolicy)
                        .orElseGet(() -> new WasmRuntimeProperties.CanaryAnalysis(
                                        List.of(10, 25, 50, 100), Duration.ofMinutes(1), 0.05, 2.0, 20)
                                .toPolicy()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(WasmEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    WasmEndpointWebExtension wasmEndpointWebExtension(WasmEndpoint endpoint) {
        return new WasmEndpointWebExtension(endpoint);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    @ConditionalOnBean(Pipelines.class)
    WasmPipelinesEndpoint wasmPipelinesEndpoint(Pipelines pipelines) {
        return new WasmPipelinesEndpoint(pipelines);
    }
}
