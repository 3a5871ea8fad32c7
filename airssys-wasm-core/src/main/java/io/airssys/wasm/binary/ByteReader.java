package io.airssys.wasm.binary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Sequential reader over a slice of a wasm binary. Every read is bounds-checked against the
 * slice's end, so a lying length prefix becomes a {@link WasmFormatException}, never an
 * {@link IndexOutOfBoundsException}.
 */
final class ByteReader {

    private final byte[] bytes;
    private final int end;
    private int position;

    ByteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    int position() {
        return position;
    }

    int end() {
        return end;
    }

    boolean hasMore() {
        return position < end;
    }

    int remaining() {
        return end - position;
    }

    int readByte() {
        if (position >= end) {
            throw fail("unexpected end of " + (end == bytes.length ? "binary" : "section"));
        }
        return bytes[position++] & 0xFF;
    }

    byte[] readBytes(int length) {
        require(length);
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    void skip(int length) {
        require(length);
        position += length;
    }

    /** Unsigned LEB128 of at most 32 bits, as used for counts, sizes and indices. */
    int readU32() {
        int start = position;
        long value = readUnsignedLeb(32);
        if (value > Integer.MAX_VALUE) {
            position = start;
            throw fail("value " + value + " is too large for this host (max " + Integer.MAX_VALUE + ")");
        }
        return (int) value;
    }

    /** Unsigned LEB128 of at most 32 bits, kept as a long so the full u32 range survives. */
    long readU32AsLong() {
        return readUnsignedLeb(32);
    }

    long readU64() {
        return readUnsignedLeb(64);
    }

    /** A length-prefixed UTF-8 name; the spec requires names to be valid UTF-8. */
    String readName() {
        int start = position;
        int length = readU32();
        require(length);
        try {
            String name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length))
                    .toString();
            position += length;
            return name;
        } catch (CharacterCodingException e) {
            position = start;
            throw fail("name is not valid UTF-8");
        }
    }

    /**
     * Reads a vector count and checks it against the bytes left, assuming each element takes
     * at least {@code minElementSize} bytes; stops a 4-billion-entry count from allocating.
     */
    int readCount(int minElementSize) {
        int countOffset = position;
        long count = readU32AsLong();
        if (count * minElementSize > remaining()) {
            int left = remaining();
            position = countOffset;
            throw fail("vector of " + count + " entries does not fit in the " + left + " bytes left");
        }
        return (int) count;
    }

    WasmFormatException fail(String reason) {
        return new WasmFormatException(position, reason);
    }

    private long readUnsignedLeb(int bits) {
        int start = position;
        long result = 0;
        int shift = 0;
        int maxBytes = (bits + 6) / 7;
        for (int i = 0; i < maxBytes; i++) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (i == maxBytes - 1) {
                    int usedBits = bits - shift;
                    if (usedBits < 7 && (b >>> usedBits) != 0) {
                        position = start;
                        throw fail("integer representation too long or out of range for u" + bits);
                    }
                }
                return result;
            }
            shift += 7;
        }
        position = start;
        throw fail("integer representation too long for u" + bits);
    }

    private void require(int length) {
        if (length < 0 || length > end - position) {
            throw fail("needs " + length + " bytes but only " + (end - position) + " are left");
        }
    }
}
