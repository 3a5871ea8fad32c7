package io.airssys.wasm.engine.spi;

/**
 * An instance's linear memory as a backend exposes it: little-endian, addressed from 0. Callers
 * check every access against {@link #size()} first; implementations need not.
 */
public interface LinearMemory {

    /**
     * Size in bytes as last seen; it grows only while guest code runs, and an implementation that
     * caches a view may report the old size until {@link #refresh()}.
     */
    long size();

    void read(int address, byte[] into);

    void write(int address, byte[] data);

    byte readByte(int address);

    short readShort(int address);

    int readInt(int address);

    long readLong(int address);

    void writeByte(int address, byte value);

    void writeShort(int address, short value);

    void writeInt(int address, int value);

    void writeLong(int address, long value);

    /**
     * Called when an access passes {@link #size()} as last seen: guest code may have grown the
     * memory since, so a cached view or size must be read afresh.
     */
    default void refresh() {}
}
