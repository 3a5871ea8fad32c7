package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.ComponentRuntime;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@link WasmComponent} interfaces become proxy beans, checked against their components at start. */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass(ComponentRuntime.class)
@ConditionalOnBooleanProperty(name = "airssys.wasm.enabled", matchIfMissing = true)
public final class WasmComponentProxyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static WasmComponentScanner wasmComponentScanner() {
        return new WasmComponentScanner();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ComponentRuntime.class)
    WasmComponentValidator wasmComponentValidator(ListableBeanFactory beanFactory, ComponentRuntime runtime) {
        return new WasmComponentValidator(beanFactory, runtime);
    }
}
