package io.github.dann4j.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes numpy's .npy and .npz files byte for byte as numpy does, so that tests can hand arrays
 * to readers (dann4j's own, or numpy in a reference Python script) without numpy on the Java side.
 */
public final class Npy {
    private Npy() {}

    /**
     * A .npy file as numpy's {@code np.save} writes it: magic, version, little-endian header
     * length (2 bytes in 1.0, 4 in 2.0/3.0), the header dict padded with spaces and a newline so
     * the data starts at a multiple of 64, then the data.
     */
    public static byte[] npy(int major, String descr, boolean fortran, long[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + tuple + ", }";
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.UTF_8)).put(data);
        return b.array();
    }

    /**
     * A version 1.0, C-order .npy of {@code values} (row-major) stored as {@code descr}: {@code |u1}
     * (each value an integer 0..255), {@code <f4}, {@code <f8} or {@code <i8}.
     */
    public static byte[] array(String descr, long[] shape, double[] values) {
        switch (descr) {
            case "|u1": {
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < bytes.length; i++) {
                    if (values[i] != Math.rint(values[i]) || values[i] < 0 || values[i] > 255) {
                        throw new IllegalArgumentException("not a uint8 value: " + values[i]);
                    }
                    bytes[i] = (byte) (int) values[i];
                }
                return npy(1, descr, false, shape, bytes);
            }
            case "<f4": {
                float[] floats = new float[values.length];
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = (float) values[i];
                }
                return npy(1, descr, false, shape, le(floats));
            }
            case "<f8":
                return npy(1, descr, false, shape, le(values));
            case "<i8": {
                long[] longs = new long[values.length];
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = (long) values[i];
                }
                return npy(1, descr, false, shape, le(longs));
            }
            default:
                throw new IllegalArgumentException("no .npy writer for dtype " + descr);
        }
    }

    public static byte[] le(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static byte[] le(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    public static byte[] le(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** A zip of {@code name.npy} entries, stored (as np.savez) or deflated (as np.savez_compressed). */
    public static Path npz(Path file, Map<String, byte[]> arrays, boolean deflate) {
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> a : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(a.getKey() + ".npy");
                if (deflate) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    // A stored entry needs its size and CRC up front.
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(a.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(a.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(a.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
