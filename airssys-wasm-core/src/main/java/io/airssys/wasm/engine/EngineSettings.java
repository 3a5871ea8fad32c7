package io.airssys.wasm.engine;

import io.airssys.wasm.binary.BinaryLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link WasmEngine} is built.
 *
 * @param epochTick         how often deadlines are checked (wasmtime's epoch, Chicory's watchdog);
 *                          the granularity of call timeouts (a call stops at most about one tick
 *                          after its deadline)
 * @param maxWasmStackBytes stack a guest may use before it traps with {@link TrapKind#STACK_OVERFLOW}
 * @param maxGuestThreads   most threads running wasmtime guest code at once; wasmtime runs guest
 *                          code only on the engine's own threads, whose stacks hold the guest's
 *                          stack allowance whatever the caller's stack size (Chicory runs it on
 *                          the caller's thread)
 * @param binaryLimits      largest module, function count and metadata sections accepted
 * @param type              the engine that runs guest code
 * @param compileCache      directory where compiled modules are kept across restarts (wasmtime's
 *                          native code, Chicory's generated classes), keyed by the module's bytes;
 *                          empty to compile every module afresh at each start. What it holds is
 *                          run as code, so it must be as protected as the application itself.
 */
public record EngineSettings(
        Duration epochTick,
        long maxWasmStackBytes,
        int maxGuestThreads,
        BinaryLimits binaryLimits,
        EngineType type,
        Optional<Path> compileCache) {

    public static final Duration DEFAULT_EPOCH_TICK = Duration.ofMillis(1);
    public static final long DEFAULT_MAX_WASM_STACK_BYTES = 512 * 1024;
    public static final long MAX_WASM_STACK_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_GUEST_THREADS = 256;

    /**
     * Stack a guest thread has beyond the guest's allowance, for the Java and native frames of
     * the host calls it makes (their nesting is bounded by {@link WasmInstance#MAX_HOST_CALL_DEPTH}).
     */
    static final long HOST_FRAMES_STACK_BYTES = 4L << 20;

    public EngineSettings {
        Objects.requireNonNull(epochTick, "epochTick");
        Objects.requireNonNull(binaryLimits, "binaryLimits");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(compileCache, "compileCache");
        if (epochTick.isNegative() || epochTick.isZero()) {
            throw new IllegalArgumentException("epochTick must be positive, was " + epochTick);
        }
        if (maxWasmStackBytes < 16 * 1024 || maxWasmStackBytes > MAX_WASM_STACK_BYTES) {
            throw new IllegalArgumentException(
                    "maxWasmStackBytes must be between 16 KiB and 64 MiB, was " + maxWasmStackBytes);
        }
        if (maxGuestThreads < 1) {
            throw new IllegalArgumentException("maxGuestThreads must be at least 1, was " + maxGuestThreads);
        }
    }

    /** Settings without a compile cache. */
    public EngineSettings(
            Duration epochTick,
            long maxWasmStackBytes,
            int maxGuestThreads,
            BinaryLimits binaryLimits,
            EngineType type) {
        this(epochTick, maxWasmStackBytes, maxGuestThreads, binaryLimits, type, Optional.empty());
    }

    /** Settings with the default engine. */
    public EngineSettings(Duration epochTick, long maxWasmStackBytes, int maxGuestThreads, BinaryLimits binaryLimits) {
        this(epochTick, maxWasmStackBytes, maxGuestThreads, binaryLimits, EngineType.defaultType());
    }

    /** Settings with the default engine, guest threads and binary limits. */
    public EngineSettings(Duration epochTick, long maxWasmStackBytes) {
        this(epochTick, maxWasmStackBytes, DEFAULT_MAX_GUEST_THREADS, BinaryLimits.DEFAULT);
    }

    /** The defaults, on the engine {@link EngineType#defaultType()} names. */
    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_EPOCH_TICK, DEFAULT_MAX_WASM_STACK_BYTES);
    }

    public EngineSettings withMaxGuestThreads(int value) {
        return new EngineSettings(epochTick, maxWasmStackBytes, value, binaryLimits, type, compileCache);
    }

    public EngineSettings withBinaryLimits(BinaryLimits value) {
        return new EngineSettings(epochTick, maxWasmStackBytes, maxGuestThreads, value, type, compileCache);
    }

    public EngineSettings withType(EngineType value) {
        return new EngineSettings(epochTick, maxWasmStackBytes, maxGuestThreads, binaryLimits, value, compileCache);
    }

    /** These settings keeping compiled modules in {@code directory} across restarts. */
    public EngineSettings withCompileCache(Path directory) {
        return new EngineSettings(
                epochTick, maxWasmStackBytes, maxGuestThreads, binaryLimits, type, Optional.of(directory));
    }

    /** Stack size of each guest thread: the guest's allowance plus room for host frames. */
    long guestThreadStackBytes() {
        return maxWasmStackBytes + HOST_FRAMES_STACK_BYTES;
    }
}
