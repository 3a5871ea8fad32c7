package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.engine.EngineSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the shared wasm engine.
 *
 * @param epochTick     How often the engine's ticker advances the epoch. Call timeouts are
 *                      enforced with this granularity; smaller is more precise and costs a
 *                      little more CPU.
 * @param maxWasmStack  Stack a guest may use before it traps with a stack overflow. Guests run
 *                      on the calling thread's stack, so keep this well below the JVM thread
 *                      stack size (-Xss, 1 MiB by default).
 */
@ConfigurationProperties("airssys.wasm.engine")
public record WasmEngineProperties(
        @DefaultValue("1ms") Duration epochTick,
        @DefaultValue("512KB") DataSize maxWasmStack) {

    EngineSettings toSettings() {
        return new EngineSettings(epochTick, maxWasmStack.toBytes());
    }
}
