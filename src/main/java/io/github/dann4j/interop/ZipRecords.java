package io.github.dann4j.interop;

import io.github.dann4j.runtime.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bytedeco.javacpp.BytePointer;

/**
 * Reads zip records without trusting their headers: at most the size the central directory
 * declares (a record that inflates to more is refused when it passes that size, so a
 * decompression bomb costs no more than its declared size, itself bounded by the caller), exactly
 * that size, and with the recorded CRC-32.
 */
final class ZipRecords {
    private static final int CHUNK = 1 << 16;

    private ZipRecords() {}

    /** The record's bytes; refused if it declares more than {@code maxBytes}. */
    static byte[] read(ZipFile zip, ZipEntry entry, long maxBytes) throws IOException {
        long size = entry.getSize();
        if (size < 0 || size > maxBytes) {
            throw new IllegalArgumentException("record " + entry.getName() + " declares "
                    + (size < 0 ? "no size" : Limits.describe(size)) + ", over the limit of " + Limits.describe(maxBytes)
                    + (entry.getName().endsWith(".pkl") ? " (raise it with -D" + Limits.PICKLE + "=SIZE)" : ""));
        }
        byte[] out = new byte[(int) size];
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(entry)) {
            int n = in.readNBytes(out, 0, out.length);
            requireEnd(entry, n, size, in);
        }
        crc.update(out);
        requireCrc(entry, crc);
        return out;
    }

    /**
     * Streams the record into native memory at {@code destination}, which has room for exactly
     * {@code size} bytes (the caller checked that the record declares that size).
     *
     * @param booleans if true, every byte must be 0 or 1 (a bool storage)
     */
    static void copyTo(ZipFile zip, ZipEntry entry, BytePointer destination, long size, boolean booleans)
            throws IOException {
        byte[] buffer = new byte[CHUNK];
        CRC32 crc = new CRC32();
        long done = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            while (done < size) {
                int n = in.read(buffer, 0, (int) Math.min(CHUNK, size - done));
                if (n < 0) {
                    break;
                }
                if (booleans) {
                    for (int i = 0; i < n; i++) {
                        if ((buffer[i] & 0xfe) != 0) {
                            throw new IllegalArgumentException("record " + entry.getName() + " of a bool storage holds the byte "
                                    + (buffer[i] & 0xff) + " (only 0 and 1 are booleans)");
                        }
                    }
                }
                destination.position(done).put(buffer, 0, n);
                crc.update(buffer, 0, n);
                done += n;
            }
            requireEnd(entry, done, size, in);
        }
        requireCrc(entry, crc);
    }

    private static void requireEnd(ZipEntry entry, long read, long size, InputStream in) throws IOException {
        if (read < size) {
            throw new IllegalArgumentException("record " + entry.getName() + " ends after " + read + " of its " + size
                    + " bytes (the file is truncated or damaged)");
        }
        if (in.read() >= 0) {
            throw new IllegalArgumentException("record " + entry.getName() + " holds more than the " + size
                    + " bytes it declares (a damaged file or a decompression bomb)");
        }
    }

    private static void requireCrc(ZipEntry entry, CRC32 crc) {
        if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
            throw new IllegalArgumentException("record " + entry.getName() + " does not match its CRC-32 (the file is damaged)");
        }
    }
}
