package io.airssys.wasm.engine;

/**
 * Limits baked into a module when it is compiled: its memories and tables get these maximums,
 * so growing beyond them fails inside the guest instead of allocating host memory.
 *
 * @param memoryMaxPages   most 64 KiB pages each of the module's memories may grow to; at most
 *                         {@value #MAX_MEMORY_PAGES} (just under 2 GiB, the largest memory the host
 *                         can address as one buffer)
 * @param tableMaxElements most elements each of the module's tables may grow to
 * @param fuelPerCall      instructions one call may execute, counted by code the module is
 *                         instrumented with ({@link io.airssys.wasm.binary.FuelInstrumenter});
 *                         {@value #UNMETERED} leaves the module as it is and calls unmetered
 */
public record ModuleLimits(long memoryMaxPages, long tableMaxElements, long fuelPerCall) {

    public static final long PAGE_SIZE = 65_536;
    /** 32,767 pages: 2 GiB less one page. */
    public static final long MAX_MEMORY_PAGES = 32_767;
    /** Table elements when none are configured: room for 65,536 functions in an indirect-call table. */
    public static final long DEFAULT_TABLE_ELEMENTS = 65_536;
    /** Most table elements any configuration may allow. */
    public static final long MAX_TABLE_ELEMENTS = 10_000_000;

    /** A fuel budget of zero: the module is not instrumented and only the call deadline bounds a call. */
    public static final long UNMETERED = 0;

    /** 16 MiB of memory and {@value #DEFAULT_TABLE_ELEMENTS} table elements. */
    public static final ModuleLimits DEFAULT = new ModuleLimits(256, DEFAULT_TABLE_ELEMENTS);

    /** Limits without a fuel budget. */
    public ModuleLimits(long memoryMaxPages, long tableMaxElements) {
        this(memoryMaxPages, tableMaxElements, UNMETERED);
    }

    public ModuleLimits {
        if (memoryMaxPages < 0 || memoryMaxPages > MAX_MEMORY_PAGES) {
            throw new IllegalArgumentException(
                    "memoryMaxPages must be between 0 and " + MAX_MEMORY_PAGES + ", was " + memoryMaxPages);
        }
        if (tableMaxElements < 0 || tableMaxElements > MAX_TABLE_ELEMENTS) {
            throw new IllegalArgumentException(
                    "tableMaxElements must be between 0 and " + MAX_TABLE_ELEMENTS + ", was " + tableMaxElements);
        }
        if (fuelPerCall < 0) {
            throw new IllegalArgumentException("fuelPerCall must not be negative, was " + fuelPerCall);
        }
    }

    /** Limits from a memory byte count, rounded down to whole pages, with the default table limit. */
    public static ModuleLimits ofMemoryBytes(long bytes) {
        return new ModuleLimits(bytes / PAGE_SIZE, DEFAULT_TABLE_ELEMENTS);
    }

    /** Limits of {@code pages} of memory with the default table limit. */
    public static ModuleLimits ofMemoryPages(long pages) {
        return new ModuleLimits(pages, DEFAULT_TABLE_ELEMENTS);
    }

    public ModuleLimits withTableMaxElements(long elements) {
        return new ModuleLimits(memoryMaxPages, elements, fuelPerCall);
    }

    /** These limits with a budget of {@code fuel} instructions per call ({@value #UNMETERED}: none). */
    public ModuleLimits withFuelPerCall(long fuel) {
        return new ModuleLimits(memoryMaxPages, tableMaxElements, fuel);
    }

    /** Whether calls have a fuel budget. */
    public boolean metered() {
        return fuelPerCall != UNMETERED;
    }

    static String describePages(long pages) {
        long bytes = pages * PAGE_SIZE;
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes / 1024 + " KiB";
    }
}
