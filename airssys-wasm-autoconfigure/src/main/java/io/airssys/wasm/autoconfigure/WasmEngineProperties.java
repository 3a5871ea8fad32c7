package io.airssys.wasm.autoconfigure;

import io.airssys.wasm.binary.BinaryLimits;
import io.airssys.wasm.engine.EngineSettings;
import io.airssys.wasm.engine.EngineType;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the shared wasm engine.
 *
 * @param type          Engine that runs guest code: chicory (compiled to JVM bytecode, nothing
 *                      native; the faster on calls) or wasmtime (native code through wasmtime-java).
 * @param epochTick     How often call deadlines are checked. Call timeouts are enforced with
 *                      this granularity; smaller is more precise and costs a little more CPU.
 * @param maxWasmStack  Stack a guest may use before it traps with a stack overflow. Guests run
 *                      on the engine's own threads, sized for this allowance, whatever the
 *                      caller's stack.
 * @param maxGuestThreads Most threads running guest code at once; a call finding all busy is refused.
 * @param maxModuleSize Largest component artifact accepted.
 * @param maxFunctions  Most functions a module may define or import; bounds compile time.
 * @param maxMetadataSize Largest airssys:manifest, airssys:wit or airssys:signature section.
 * @param compileCache  Where compiled modules are kept across restarts.
 */
@ConfigurationProperties("airssys.wasm.engine")
public record WasmEngineProperties(
        @DefaultValue("chicory") EngineType type,
        @DefaultValue("1ms") Duration epochTick,
        @DefaultValue("512KB") DataSize maxWasmStack,
        @DefaultValue("256") int maxGuestThreads,
        @DefaultValue("64MB") DataSize maxModuleSize,
        @DefaultValue("50000") int maxFunctions,
        @DefaultValue("1MB") DataSize maxMetadataSize,
        @DefaultValue CompileCache compileCache) {

    /**
     * @param enabled   Whether compiled modules (wasmtime's native code, Chicory's classes) are
     *                  kept on disk, so a restart loads them instead of compiling again.
     * @param directory Where they are kept; by default compile-cache in the registry directory.
     *                  What it holds is run as code: keep it as protected as the application and
     *                  never grant components access to it.
     */
    public record CompileCache(@DefaultValue("true") boolean enabled, Path directory) {}

    EngineSettings toSettings(Path defaultCacheDirectory) {
        EngineSettings settings = new EngineSettings(
                epochTick,
                maxWasmStack.toBytes(),
                maxGuestThreads,
                new BinaryLimits((int) Math.min(Integer.MAX_VALUE, maxModuleSize.toBytes()), maxFunctions, (int)
                        Math.min(Integer.MAX_VALUE, maxMetadataSize.toBytes())),
                type);
        if (!compileCache.enabled()) {
            return settings;
        }
        return settings.withCompileCache(
                compileCache.directory() != null ? compileCache.directory() : defaultCacheDirectory);
    }
}
