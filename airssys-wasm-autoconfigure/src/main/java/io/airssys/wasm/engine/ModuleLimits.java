package io.airssys.wasm.engine;

/**
 * Limits baked into a module when it is compiled.
 *
 * @param memoryMaxPages most 64 KiB pages each of the module's memories may grow to
 */
public record ModuleLimits(long memoryMaxPages) {

    public static final long PAGE_SIZE = 65_536;

    /** 16 MiB: generous for a plugin, small enough that a pool of them cannot starve the host. */
    public static final ModuleLimits DEFAULT = new ModuleLimits(256);

    public ModuleLimits {
        if (memoryMaxPages < 0 || memoryMaxPages > 65_536) {
            throw new IllegalArgumentException("memoryMaxPages must be between 0 and 65536, was " + memoryMaxPages);
        }
    }

    /** Limits from a byte count, rounded down to whole pages. */
    public static ModuleLimits ofMemoryBytes(long bytes) {
        return new ModuleLimits(bytes / PAGE_SIZE);
    }

    static String describePages(long pages) {
        long bytes = pages * PAGE_SIZE;
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes / 1024 + " KiB";
    }
}
