package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.ComponentRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/** {@link WasmMessageListener} methods receive what components send to the application. */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass(ComponentRuntime.class)
@ConditionalOnBooleanProperty(name = "airssys.wasm.enabled", matchIfMissing = true)
@ConditionalOnBean(ComponentRuntime.class)
public final class WasmMessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WasmMessageListenerRegistrar wasmMessageListenerRegistrar(ComponentRuntime runtime, ApplicationContext context) {
        return new WasmMessageListenerRegistrar(runtime, context);
    }
}
