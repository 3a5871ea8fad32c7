package io.airssys.wasm.engine.wasmtime;

import io.airssys.wasm.engine.spi.LinearMemory;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.Store;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A wasmtime memory through a direct buffer over it, fetched once and kept until an access passes
 * its end (the guest grew the memory). Keeping it is safe because wasmtime reserves a memory's
 * whole address range up front on 64-bit hosts (memories up to 4 GiB are "static"; ours are
 * capped below 2 GiB), so growing never moves it; fetching costs a JNI crossing.
 */
final class WasmtimeMemory implements LinearMemory {

    private final Memory memory;
    private final Store<Void> store;
    private ByteBuffer view;

    WasmtimeMemory(Memory memory, Store<Void> store) {
        this.memory = memory;
        this.store = store;
    }

    @Override
    public void refresh() {
        view = null;
    }

    /** A little-endian buffer over the memory as it was when last fetched; wasmtime never moves it. */
    ByteBuffer view() {
        ByteBuffer current = view;
        if (current == null) {
            current = memory.buffer(store).order(ByteOrder.LITTLE_ENDIAN);
            view = current;
        }
        return current;
    }

    @Override
    public long size() {
        return view().capacity();
    }

    @Override
    public void read(int address, byte[] into) {
        view().get(address, into);
    }

    @Override
    public void write(int address, byte[] data) {
        view().put(address, data);
    }

    @Override
    public byte readByte(int address) {
        return view().get(address);
    }

    @Override
    public short readShort(int address) {
        return view().getShort(address);
    }

    @Override
    public int readInt(int address) {
        return view().getInt(address);
    }

    @Override
    public long readLong(int address) {
        return view().getLong(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        view().put(address, value);
    }

    @Override
    public void writeShort(int address, short value) {
        view().putShort(address, value);
    }

    @Override
    public void writeInt(int address, int value) {
        view().putInt(address, value);
    }

    @Override
    public void writeLong(int address, long value) {
        view().putLong(address, value);
    }
}
