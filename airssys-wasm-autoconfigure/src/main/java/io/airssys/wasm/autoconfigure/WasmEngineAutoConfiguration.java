package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.engine.WasmEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The application's one {@link WasmEngine}, shared by every component; closed with the
 * application context, which stops its epoch ticker.
 */
@AutoConfiguration
@ConditionalOnClass(WasmEngine.class)
@EnableConfigurationProperties(WasmEngineProperties.class)
public class WasmEngineAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public WasmEngine wasmEngine(WasmEngineProperties properties) {
        return WasmEngine.create(properties.toSettings());
    }
}
