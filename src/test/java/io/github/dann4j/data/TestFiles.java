package io.github.dann4j.data;

import io.github.dann4j.testing.Npy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small data files in each supported format, byte for byte, for the reader tests. */
final class TestFiles {
    private TestFiles() {}

    /** An IDX file: magic, big-endian dimensions, then {@code data}; gzip-compressed if asked. */
    static Path idx(Path file, int magic, int[] dims, byte[] data, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(file, gzip ? gzip(bytes.toByteArray()) : bytes.toByteArray());
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path text(Path file, String content) {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A .npy file as numpy's {@code np.save} writes it ({@link Npy#npy}). */
    static byte[] npy(int major, String descr, boolean fortran, long[] shape, byte[] data) {
        return Npy.npy(major, descr, fortran, shape, data);
    }

    static byte[] le(float... values) {
        return Npy.le(values);
    }

    static byte[] le(double... values) {
        return Npy.le(values);
    }

    static byte[] le(long... values) {
        return Npy.le(values);
    }

    /** A zip of {@code name.npy} entries, stored or deflated ({@link Npy#npz}). */
    static Path npz(Path file, Map<String, byte[]> arrays, boolean deflate) {
        return Npy.npz(file, arrays, deflate);
    }

    /** An RGB PNG whose pixel (x, y) has channels {@code rgb.apply(x, y)} packed as 0xRRGGBB. */
    static Path rgbPng(Path file, int width, int height, java.util.function.IntBinaryOperator rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(x, y));
            }
        }
        return png(file, image);
    }

    /** A grey PNG whose pixel (x, y) is {@code grey.apply(x, y)}. */
    static Path greyPng(Path file, int width, int height, java.util.function.IntBinaryOperator grey) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, grey.applyAsInt(x, y));
            }
        }
        return png(file, image);
    }

    static Path png(Path file, BufferedImage image) {
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
