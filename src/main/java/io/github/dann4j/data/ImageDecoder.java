package io.github.dann4j.data;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.runtime.Limits;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one PNG or JPEG file into channel-major bytes for {@link ImageFolderReader}: grey images
 * as one channel (raw samples, 16-bit grey keeps its top 8 bits), everything else as RGB (alpha
 * dropped). The image's width and height are read from its header and bounded by
 * {@link Limits#memoryBytes()} before a pixel is decoded, so a small file claiming a huge image is
 * refused with a one-line error instead of exhausting the heap.
 */
final class ImageDecoder {
    private ImageDecoder() {}

    /** One image as channel-major bytes. */
    record Decoded(int channels, int height, int width, byte[] chw) {
        String describe() {
            return width + "x" + height + " with " + channels + (channels == 1 ? " channel (grey)" : " channels (RGB)");
        }
    }

    /**
     * One PNG and one JPEG reader per thread, reused: looking the reader up for every image (as
     * ImageIO.read does) costs about as much as decoding a 32x32 PNG.
     */
    private static final ThreadLocal<Map<String, ImageReader>> READERS = ThreadLocal.withInitial(() -> {
        Map<String, ImageReader> readers = new HashMap<>();
        for (String format : List.of("png", "jpeg")) {
            Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
            if (it.hasNext()) {
                readers.put(format, it.next());
            }
        }
        return readers;
    });

    /**
     * Decoding holds the image (up to 4 bytes a pixel), an int per pixel for the RGB conversion and
     * the 3 channel bytes: this many bytes a pixel, bounded before anything is decoded.
     */
    private static final long DECODE_BYTES_PER_PIXEL = 12;

    private static void checkHeader(Path file, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(file + ": the image header says " + width + "x" + height);
        }
        Limits.requireHeap(Limits.times(Limits.times(width, height), DECODE_BYTES_PER_PIXEL),
                file + " (a " + width + "x" + height + " image, decoded)");
    }

    /** "png" or "jpeg" by the file's magic bytes, else null (ImageIO then finds a reader itself). */
    private static String formatOf(byte[] bytes) {
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        return null;
    }

    /**
     * Decodes one image. Its size is read from the header first and checked against
     * {@link Limits#memoryBytes()} before anything is decoded.
     */
    static Decoded decode(Path file) {
        try {
            return decodeChecked(file);
        } catch (OutOfMemoryError e) {
            // The image's own buffers are garbage once this frame is left; say which file did it.
            throw new IllegalArgumentException(file + ": decoding the image ran out of Java heap (the JVM's maximum is "
                    + Limits.describe(Runtime.getRuntime().maxMemory()) + "; raise it with -Xmx, e.g. DANN4J_JAVA_OPTS=-Xmx8g"
                    + " for the dann4j script)", e);
        }
    }

    private static Decoded decodeChecked(Path file) {
        BufferedImage image;
        // The whole file is read at once and decoded from memory: ImageIO.read(File) reads through
        // an unbuffered RandomAccessFile (a system call per PNG chunk field), and ImageIO.read of an
        // InputStream may cache to a temporary file; both are several times slower for small images.
        try {
            Limits.requireHeap(Files.size(file), file + " (an image file)");
            byte[] bytes = Files.readAllBytes(file);
            ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            ImageReader reader = READERS.get().get(formatOf(bytes));
            boolean own = reader == null;
            if (own) {
                Iterator<ImageReader> found = ImageIO.getImageReaders(in);
                if (!found.hasNext()) {
                    in.close();
                    throw new IllegalArgumentException(file + ": not a readable image (no PNG/JPEG decoder accepts it)");
                }
                reader = found.next();
            }
            try {
                reader.setInput(in, true, true);
                checkHeader(file, reader.getWidth(0), reader.getHeight(0));
                image = reader.read(0);
            } finally {
                reader.setInput(null);
                if (own) {
                    reader.dispose();
                }
                in.close();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read image: " + Messages.of(e), e);
        }
        if (image == null) {
            throw new IllegalArgumentException(file + ": not a readable image (no PNG/JPEG decoder accepts it)");
        }
        return pixels(image);
    }

    /**
     * An image's pixels as channel-major bytes: grey as one channel (raw samples, 16-bit grey keeps
     * its top 8 bits), everything else as RGB (alpha dropped).
     */
    static Decoded pixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int hw = w * h;
        Raster raster = image.getRaster();
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (grey) {
            // Raw samples, not getRGB(): that would convert linear grey to sRGB and change the values.
            int bits = raster.getSampleModel().getSampleSize(0);
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            byte[] chw = new byte[hw];
            int shift = Math.max(0, bits - 8); // 16-bit grey keeps its top 8 bits
            for (int p = 0; p < hw; p++) {
                chw[p] = (byte) (samples[p] >>> shift);
            }
            return new Decoded(1, h, w, chw);
        }
        byte[] chw = new byte[3 * hw];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && raster.getParent() == null) {
            // The common case (8-bit RGB PNG or JPEG): interleaved B, G, R bytes, read directly.
            byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
            for (int p = 0; p < hw; p++) {
                chw[p] = bgr[3 * p + 2];
                chw[hw + p] = bgr[3 * p + 1];
                chw[2 * hw + p] = bgr[3 * p];
            }
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int p = 0; p < hw; p++) {
                chw[p] = (byte) (argb[p] >> 16);
                chw[hw + p] = (byte) (argb[p] >> 8);
                chw[2 * hw + p] = (byte) argb[p];
            }
        }
        return new Decoded(3, h, w, chw);
    }
}
