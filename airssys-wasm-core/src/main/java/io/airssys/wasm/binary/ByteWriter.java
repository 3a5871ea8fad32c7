package io.airssys.wasm.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Growable buffer that encodes the few wasm primitives the editors need to write. */
final class ByteWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ByteWriter writeByte(int b) {
        out.write(b);
        return this;
    }

    ByteWriter writeBytes(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
        return this;
    }

    ByteWriter writeBytes(byte[] bytes) {
        return writeBytes(bytes, 0, bytes.length);
    }

    ByteWriter writeUnsignedLeb(long value) {
        long remaining = value;
        do {
            int b = (int) (remaining & 0x7F);
            remaining >>>= 7;
            if (remaining != 0) {
                b |= 0x80;
            }
            out.write(b);
        } while (remaining != 0);
        return this;
    }

    ByteWriter writeSignedLeb(long value) {
        long remaining = value;
        while (true) {
            int b = (int) (remaining & 0x7F);
            remaining >>= 7;
            boolean done = (remaining == 0 && (b & 0x40) == 0) || (remaining == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    ByteWriter writeName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        writeUnsignedLeb(utf8.length);
        return writeBytes(utf8);
    }

    /** Writes a complete section: id, size prefix, payload. */
    ByteWriter writeSection(int id, byte[] payload) {
        writeByte(id);
        writeUnsignedLeb(payload.length);
        return writeBytes(payload);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
