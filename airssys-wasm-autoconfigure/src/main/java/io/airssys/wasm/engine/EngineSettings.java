package io.airssys.wasm.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WasmEngine} is built.
 *
 * @param epochTick        how often the ticker advances the epoch; the granularity of call
 *                         timeouts (a call stops at most about one tick after its deadline)
 * @param maxWasmStackBytes stack a guest may use before it traps with
 *                         {@link TrapKind#STACK_OVERFLOW}; it runs on the calling Java
 *                         thread's stack, so keep it well below that ({@code -Xss}, 1 MiB by default)
 */
public record EngineSettings(Duration epochTick, long maxWasmStackBytes) {

    public static final Duration DEFAULT_EPOCH_TICK = Duration.ofMillis(1);
    public static final long DEFAULT_MAX_WASM_STACK_BYTES = 512 * 1024;

    public EngineSettings {
        Objects.requireNonNull(epochTick, "epochTick");
        if (epochTick.isNegative() || epochTick.isZero()) {
            throw new IllegalArgumentException("epochTick must be positive, was " + epochTick);
        }
        if (maxWasmStackBytes < 16 * 1024) {
            throw new IllegalArgumentException("maxWasmStackBytes must be at least 16 KiB, was " + maxWasmStackBytes);
        }
    }

    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_EPOCH_TICK, DEFAULT_MAX_WASM_STACK_BYTES);
    }
}
