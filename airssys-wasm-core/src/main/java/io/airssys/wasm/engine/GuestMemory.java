package io.airssys.wasm.engine;

import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Store;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bounds-checked access to an instance's linear memory. Every access is checked against the
 * memory's size at that moment, so a guest pointer can never make the host read or write
 * outside the guest. Valid only while its instance is in use by the caller.
 */
public final class GuestMemory {

    private final String module;
    private final Memory memory;
    private final Store<Void> store;
    private ByteBuffer view;

    GuestMemory(String module, Memory memory, Store<Void> store) {
        this.module = module;
        this.memory = memory;
        this.store = store;
    }

    /** Current size in bytes; it grows when the guest grows its memory. */
    public long size() {
        return view().capacity();
    }

    /**
     * Forgets the cached view of the memory. Only guest code can grow (and so move) the
     * memory, so the instance calls this whenever it runs guest code.
     */
    void invalidate() {
        view = null;
    }

    private ByteBuffer view() {
        ByteBuffer current = view;
        if (current == null) {
            current = memory.buffer(store).order(ByteOrder.LITTLE_ENDIAN);
            view = current;
        }
        return current;
    }

    public byte[] read(long address, int length) {
        ByteBuffer buffer = checkedBuffer(address, length);
        byte[] out = new byte[length];
        buffer.get((int) address, out);
        return out;
    }

    public void write(long address, byte[] data) {
        ByteBuffer buffer = checkedBuffer(address, data.length);
        buffer.put((int) address, data);
    }

    public byte readByte(long address) {
        return checkedBuffer(address, 1).get((int) address);
    }

    public short readShort(long address) {
        return checkedBuffer(address, 2).getShort((int) address);
    }

    /** Little-endian 32-bit read, as wasm stores integers. */
    public int readInt(long address) {
        return checkedBuffer(address, 4).getInt((int) address);
    }

    public long readLong(long address) {
        return checkedBuffer(address, 8).getLong((int) address);
    }

    public void writeByte(long address, byte value) {
        checkedBuffer(address, 1).put((int) address, value);
    }

    public void writeShort(long address, short value) {
        checkedBuffer(address, 2).putShort((int) address, value);
    }

    public void writeInt(long address, int value) {
        checkedBuffer(address, 4).putInt((int) address, value);
    }

    public void writeLong(long address, long value) {
        checkedBuffer(address, 8).putLong((int) address, value);
    }

    private ByteBuffer checkedBuffer(long address, int length) {
        ByteBuffer buffer = view();
        long size = buffer.capacity();
        if (address < 0 || length < 0 || address > size - length) {
            throw new GuestMemoryAccessException("'" + module + "': access of " + length + " bytes at address "
                    + address + " is outside its memory of " + size + " bytes");
        }
        return buffer;
    }
}
