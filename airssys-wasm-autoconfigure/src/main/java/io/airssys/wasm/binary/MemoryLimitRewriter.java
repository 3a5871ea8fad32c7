package io.airssys.wasm.binary;

import io.airssys.wasm.binary.ExternType.MemoryType;
import java.util.List;

/**
 * Caps the maximum size of every memory a module defines by rewriting its memory section.
 * The engine has no store-level memory limiter, so a declared maximum is the only limit it
 * enforces; with it in place {@code memory.grow} beyond the cap returns -1 inside the guest.
 * Every other byte of the module is left as it was.
 */
public final class MemoryLimitRewriter {

    /** Largest page count a 32-bit memory can declare (4 GiB). */
    public static final long MAX_PAGES_32 = 65_536;

    private MemoryLimitRewriter() {
    }

    /**
     * Returns a copy of {@code module} whose defined memories have a maximum of at most
     * {@code maxPages}; a memory already declaring a smaller maximum keeps it.
     *
     * @throws IllegalArgumentException if a memory's minimum already exceeds {@code maxPages}
     *                                  (callers check {@link WasmModuleInfo#memories()} first)
     * @throws WasmFormatException      if the module is malformed
     */
    public static byte[] capMaximum(byte[] module, long maxPages) {
        if (maxPages < 0 || maxPages > MAX_PAGES_32) {
            throw new IllegalArgumentException("memory cap must be between 0 and " + MAX_PAGES_32 + " pages");
        }
        WasmModuleInfo info = WasmModuleReader.read(module);
        Section memorySection = info.sections().stream()
                .filter(s -> s.id() == Section.MEMORY)
                .findFirst()
                .orElse(null);
        if (memorySection == null) {
            return module.clone();
        }
        byte[] payload = encodeMemories(info.memories(), maxPages);
        return new ByteWriter()
                .writeBytes(module, 0, memorySection.offset())
                .writeSection(Section.MEMORY, payload)
                .writeBytes(module, memorySection.end(), module.length - memorySection.end())
                .toByteArray();
    }

    private static byte[] encodeMemories(List<MemoryType> memories, long maxPages) {
        ByteWriter out = new ByteWriter().writeUnsignedLeb(memories.size());
        for (MemoryType memory : memories) {
            if (Long.compareUnsigned(memory.minPages(), maxPages) > 0) {
                throw new IllegalArgumentException("memory minimum of " + memory.minPages()
                        + " pages exceeds the cap of " + maxPages + " pages");
            }
            long max = memory.maxPages().isPresent() && Long.compareUnsigned(memory.maxPages().getAsLong(), maxPages) < 0
                    ? memory.maxPages().getAsLong()
                    : maxPages;
            int flags = 0x01 | (memory.shared() ? 0x02 : 0) | (memory.memory64() ? 0x04 : 0);
            out.writeByte(flags).writeUnsignedLeb(memory.minPages()).writeUnsignedLeb(max);
        }
        return out.toByteArray();
    }
}
