package io.airssys.wasm.engine;

import io.airssys.wasm.engine.spi.LinearMemory;

/**
 * Bounds-checked access to an instance's linear memory. Every access is checked against the
 * memory's size (re-read when an access passes the size last seen, since only guest code grows
 * it), so a guest pointer can never make the host read or write outside the guest. Valid only while its instance is in use by the caller.
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
        memory.refresh();
        return memory.size();
    }

    /** Whether {@code [address, address + length)} lies inside the memory. */
    public boolean contains(long address, long length) {
        if (address < 0 || length < 0) {
            return false;
        }
        if (address > memory.size() - length) {
            memory.refresh(); // the guest may have grown its memory since the view was taken
            return address <= memory.size() - length;
        }
        return true;
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
        if (!contains(address, length)) {
            long size = memory.size();
            throw new GuestMemoryAccessException("'" + module + "': access of " + length + " bytes at address "
                    + address + " is outside its memory of " + size + " bytes");
        }
        return (int) address;
    }
}
