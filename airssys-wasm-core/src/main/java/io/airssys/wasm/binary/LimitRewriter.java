package io.airssys.wasm.binary;

import io.airssys.wasm.binary.ExternType.MemoryType;
import io.airssys.wasm.binary.ExternType.TableType;
import java.util.OptionalLong;

/**
 * Caps how far a module's memories and tables can grow by rewriting their declared maximums.
 * The engine has no store-level limiter, so a declared maximum is the only limit it enforces:
 * with it in place {@code memory.grow} or {@code table.grow} beyond the cap returns -1 inside
 * the guest instead of allocating host memory. Every other byte of the module is left as it was.
 */
public final class LimitRewriter {

    /** Largest page count a 32-bit memory can declare (4 GiB). */
    public static final long MAX_PAGES_32 = 65_536;
    /** Largest element count a table can declare. */
    public static final long MAX_TABLE_ELEMENTS = 0xFFFF_FFFFL;

    private LimitRewriter() {}

    /**
     * Returns a copy of {@code module} whose defined memories have a maximum of at most
     * {@code maxPages}; a memory already declaring a smaller maximum keeps it.
     *
     * @throws IllegalArgumentException if a memory's minimum already exceeds {@code maxPages}
     *                                  (callers check {@link WasmModuleInfo#memories()} first)
     * @throws WasmFormatException      if the module is malformed
     */
    public static byte[] capMemories(byte[] module, long maxPages) {
        if (maxPages < 0 || maxPages > MAX_PAGES_32) {
            throw new IllegalArgumentException("memory cap must be between 0 and " + MAX_PAGES_32 + " pages");
        }
        WasmModuleInfo info = WasmModuleReader.read(module);
        ByteWriter out = new ByteWriter().writeUnsignedLeb(info.memories().size());
        for (MemoryType memory : info.memories()) {
            if (Long.compareUnsigned(memory.minPages(), maxPages) > 0) {
                throw new IllegalArgumentException(
                        "memory minimum of " + memory.minPages() + " pages exceeds the cap of " + maxPages + " pages");
            }
            int flags = 0x01 | (memory.shared() ? 0x02 : 0) | (memory.memory64() ? 0x04 : 0);
            out.writeByte(flags)
                    .writeUnsignedLeb(memory.minPages())
                    .writeUnsignedLeb(capped(memory.maxPages(), maxPages));
        }
        return replaceSection(module, info, Section.MEMORY, out.toByteArray());
    }

    /**
     * Returns a copy of {@code module} whose defined tables have a maximum of at most
     * {@code maxElements}; a table already declaring a smaller maximum keeps it.
     *
     * @throws IllegalArgumentException if a table's minimum already exceeds {@code maxElements}
     * @throws WasmFormatException      if the module is malformed
     */
    public static byte[] capTables(byte[] module, long maxElements) {
        if (maxElements < 0 || maxElements > MAX_TABLE_ELEMENTS) {
            throw new IllegalArgumentException("table cap must be between 0 and " + MAX_TABLE_ELEMENTS + " elements");
        }
        WasmModuleInfo info = WasmModuleReader.read(module);
        ByteWriter out = new ByteWriter().writeUnsignedLeb(info.tables().size());
        for (TableType table : info.tables()) {
            if (table.min() > maxElements) {
                throw new IllegalArgumentException("table minimum of " + table.min() + " elements exceeds the cap of "
                        + maxElements + " elements");
            }
            out.writeByte(table.elementType().code())
                    .writeByte(0x01)
                    .writeUnsignedLeb(table.min())
                    .writeUnsignedLeb(capped(table.max(), maxElements));
        }
        return replaceSection(module, info, Section.TABLE, out.toByteArray());
    }

    private static long capped(OptionalLong declared, long cap) {
        return declared.isPresent() && Long.compareUnsigned(declared.getAsLong(), cap) < 0 ? declared.getAsLong() : cap;
    }

    private static byte[] replaceSection(byte[] module, WasmModuleInfo info, int id, byte[] payload) {
        Section section =
                info.sections().stream().filter(s -> s.id() == id).findFirst().orElse(null);
        if (section == null) {
            return module.clone();
        }
        return new ByteWriter()
                .writeBytes(module, 0, section.offset())
                .writeSection(id, payload)
                .writeBytes(module, section.end(), module.length - section.end())
                .toByteArray();
    }
}
