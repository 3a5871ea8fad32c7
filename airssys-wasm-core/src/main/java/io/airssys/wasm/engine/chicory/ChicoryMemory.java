package io.airssys.wasm.engine.chicory;

import com.dylibso.chicory.runtime.Memory;
import io.airssys.wasm.engine.spi.LinearMemory;

/** A Chicory memory; Chicory stores values little-endian, as wasm does. */
final class ChicoryMemory implements LinearMemory {

    private final Memory memory;

    ChicoryMemory(Memory memory) {
        this.memory = memory;
    }

    @Override
    public long size() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    @Override
    public void read(int address, byte[] into) {
        System.arraycopy(memory.readBytes(address, into.length), 0, into, 0, into.length);
    }

    @Override
    public void write(int address, byte[] data) {
        memory.write(address, data);
    }

    @Override
    public byte readByte(int address) {
        return memory.read(address);
    }

    @Override
    public short readShort(int address) {
        return memory.readShort(address);
    }

    @Override
    public int readInt(int address) {
        return memory.readInt(address);
    }

    @Override
    public long readLong(int address) {
        return memory.readLong(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        memory.writeByte(address, value);
    }

    @Override
    public void writeShort(int address, short value) {
        memory.writeShort(address, value);
    }

    @Override
    public void writeInt(int address, int value) {
        memory.writeI32(address, value);
    }

    @Override
    public void writeLong(int address, long value) {
        memory.writeLong(address, value);
    }
}
