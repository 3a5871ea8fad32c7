package io.airssys.wasm.engine;

import io.airssys.wasm.engine.spi.LinearMemory;

/**
 * Bounds-checked access to an instance's linear memory. Every access is checked against the
 * memory's size at that moment, so a guest pointer can never make the host read or write
 * outside the guest. Valid only while its instance is in use by the caller.
 */
public final class GuestMemory {

    private final String module;
    private final LinearMemory memory;

    GuestMemory(String module, LinearMemory memory) {
        this.module = module;
        this.memory = memory;
    }

    /** Current size in bytes; it grows when the guest grows its memory. */
    public long size() {
        return memory.size();
    }

    /** Guest code may have run (and grown the memory): sizes and views are read afresh. */
    void invalidate() {
        memory.refresh();
    }

    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        memory.read(checked(address, length), out);
        return out;
    }

    public void write(long address, byte[] data) {
        memory.write(checked(address, data.length), data);
    }

    public byte readByte(long address) {
        return memory.readByte(checked(address, 1));
    }

    public short readShort(long address) {
        return memory.readShort(checked(address, 2));
    }

    /** Little-endian 32-bit read, as wasm stores integers. */
    public int readInt(long address) {
        return memory.readInt(checked(address, 4));
    }

    public long readLong(long address) {
        return memory.readLong(checked(address, 8));
    }

    public void writeByte(long address, byte value) {
        memory.writeByte(checked(address, 1), value);
    }

    public void writeShort(long address, short value) {
        memory.writeShort(checked(address, 2), value);
    }

    public void writeInt(long address, int value) {
        memory.writeInt(checked(address, 4), value);
    }

    public void writeLong(long address, long value) {
        memory.writeLong(checked(address, 8), value);
    }

    private int checked(long address, int length) {
        long size = memory.size();
        if (address < 0 || length < 0 || address > size - length) {
            throw new GuestMemoryAccessException("'" + module + "': access of " + length + " bytes at address "
                    + address + " is outside its memory of " + size + " bytes");
        }
        return (int) address;
    }
}
