package io.airssys.wasm.engine.spi;

/**
 * An instance's linear memory as a backend exposes it: little-endian, addressed from 0. Callers
 * check every access against {@link #size()} first; implementations need not.
 */
public interface LinearMemory {

    /** Current size in bytes; it changes only while guest code runs. */
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

    /** Called whenever guest code may have run, so a cached view of a grown memory is dropped. */
    default void refresh() {}
}
