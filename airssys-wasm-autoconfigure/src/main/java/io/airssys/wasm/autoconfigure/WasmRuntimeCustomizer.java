package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.runtime.RuntimeConfig;

/**
 * Adjusts the {@link RuntimeConfig} built from {@code airssys.wasm.*} before the runtime is
 * created, e.g. to supply grants from a database or a custom clock. Every bean of this type is
 * applied, in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface WasmRuntimeCustomizer {

    void customize(RuntimeConfig.Builder builder);
}
