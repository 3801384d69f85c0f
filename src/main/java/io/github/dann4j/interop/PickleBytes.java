package io.github.dann4j.interop;

import java.nio.charset.StandardCharsets;

/** A cursor over a pickle's bytes: opcode arguments, each bounded by what is left of the data. */
final class PickleBytes {
    private final byte[] data;
    private int pos;

    PickleBytes(byte[] data) {
        this.data = data;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos >= data.length;
    }

    int size() {
        return data.length;
    }

    /** The byte at the cursor, not consumed. */
    int peek() {
        return data[pos] & 0xff;
    }

    /** Bytes left after the cursor. */
    long remaining() {
        return data.length - pos;
    }

    byte[] bytes(int n) {
        if (n < 0 || n > data.length - pos) {
            throw new IllegalArgumentException("truncated pickle (an argument runs past the end)");
        }
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    int u8() {
        return bytes(1)[0] & 0xff;
    }

    long littleEndian(int n, boolean signed) {
        byte[] b = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (signed && n < 8 && (b[n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n);
        }
        return v;
    }

    /** A length argument of {@code n} bytes, bounded by what is left of the pickle. */
    int length(int n) {
        long v = littleEndian(n, n == 4);
        if (v < 0 || v > data.length - pos) {
            throw new IllegalArgumentException("truncated pickle (a length of " + v + " runs past the end)");
        }
        return (int) v;
    }

    long bigEndianLong() {
        byte[] b = bytes(8);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }

    /** LONG1/LONG4: a little-endian two's-complement integer of {@code n} bytes; at most 8. */
    long longOf(int n) {
        if (n > 8) {
            throw new IllegalArgumentException("an integer of " + n + " bytes (more than 64 bits)");
        }
        return n == 0 ? 0 : littleEndian(n, true);
    }

    String utf8(int n) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes(n))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("a string that is not valid UTF-8");
        }
    }

    String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    String line() {
        int end = pos;
        while (end < data.length && end - pos < 256 && data[end] != '\n') {
            end++;
        }
        if (end >= data.length || data[end] != '\n') {
            throw new IllegalArgumentException("malformed pickle (a GLOBAL name that does not end within 256 bytes)");
        }
        String line = new String(data, pos, end - pos, StandardCharsets.UTF_8);
        pos = end + 1;
        return line;
    }
}
