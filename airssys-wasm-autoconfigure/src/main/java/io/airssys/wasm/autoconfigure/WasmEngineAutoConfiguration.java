package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.engine.WasmEngine;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the application's one
 * {@link WasmEngine}, shared by every component; closed with the application context, which
 * stops its epoch ticker.
 */
@AutoConfiguration
@ConditionalOnClass(WasmEngine.class)
@ConditionalOnBooleanProperty(name = "airssys.wasm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WasmEngineProperties.class)
public final class WasmEngineAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WasmEngine wasmEngine(WasmEngineProperties properties, Environment environment) {
        Path registry = Path.of(environment.getProperty("airssys.wasm.registry.path", "airssys-wasm-registry"));
        return WasmEngine.create(properties.toSettings(registry.resolve("compile-cache")));
    }
}
