package io.airssys.wasm.actuate;

import io.airssys.wasm.autoconfigure.WasmRuntimeAutoConfiguration;
import io.airssys.wasm.runtime.ComponentRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/** A health indicator per component, under the {@code wasm} contributor. */
@AutoConfiguration(after = WasmRuntimeAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, ComponentRuntime.class})
@ConditionalOnBean(ComponentRuntime.class)
public class WasmHealthAutoConfiguration {

    @Bean(name = "wasm")
    @ConditionalOnMissingBean(name = "wasm")
    public WasmHealthContributor wasmHealthContributor(ComponentRuntime runtime) {
        return new WasmHealthContributor(runtime);
    }
}
