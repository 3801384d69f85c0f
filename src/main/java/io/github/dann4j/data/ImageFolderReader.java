package io.github.dann4j.data;

import io.github.dann4j.internal.Libtorch;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Reads a folder of PNG/JPEG images listed in a labels file, the layout of the MNIST-M release:
 * {@code mnist_m_test/00000000.png ...} and {@code mnist_m_test_labels.txt} with lines
 * {@code <file name> <label>} (file names relative to the folder; blank lines ignored).
 *
 * <p>Output: features uint8 {@code [N, C, H, W]} in the labels file's order, C = 1 for grey
 * images and 3 (RGB) for colour ones (an alpha channel is dropped; palette images count as
 * colour); labels int64 {@code [N]}. All images must have the first image's size and channel count.
 *
 * <p>Images are decoded with {@code javax.imageio} on a parallel stream (the common fork-join
 * pool) and written straight into the tensor's memory. Errors name the file: a missing or
 * unreadable image, an image of another size or channel count (the first such file in list
 * order, with both sizes), a malformed labels line (with its line number).
 */
public final class ImageFolderReader {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg");

    private ImageFolderReader() {}

    /** All images listed in {@code labelsFile}. */
    public static LoadedData read(Path folder, Path labelsFile) {
        return read(folder, labelsFile, Long.MAX_VALUE);
    }

    /** The images of the first {@code limit} (non-blank) lines of {@code labelsFile}. */
    public static LoadedData read(Path folder, Path labelsFile, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        requireFolder(folder);
        List<Path> files = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        readLabels(folder, labelsFile, limit, files, labels);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(labelsFile + ": lists no images");
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor x = readImages(files, labelsFile);
            Tensor y = io.github.dann4j.internal.Tensors.fromLongs(labels.stream().mapToLong(Long::longValue).toArray());
            String part = files.size() == limit ? " (first " + limit + ")" : "";
            return LoadedData.of(x, y, "image folder " + folder + " with labels " + labelsFile + part);
        }
    }

    /**
     * Unlabelled images: every {@code .png}, {@code .jpg} or {@code .jpeg} file directly in
     * {@code folder}, sorted by name, at most {@code limit} of them.
     */
    public static LoadedData readUnlabelled(Path folder, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        requireFolder(folder);
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> isImageName(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted().limit(limit).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no .png, .jpg or .jpeg files");
        }
        try (PointerScope scope = new PointerScope()) {
            return LoadedData.of(readImages(files, folder), null, "image folder " + folder + " (unlabelled)");
        }
    }

    static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static void requireFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": not a directory");
        }
    }

    private static void readLabels(Path folder, Path labelsFile, long limit, List<Path> files, List<Long> labels) {
        try (BufferedReader in = Files.newBufferedReader(labelsFile, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while (files.size() < limit && (line = in.readLine()) != null) {
                lineNo++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                // Split at the last run of white space, so file names may contain spaces.
                int cut = lastWhitespace(text);
                if (cut < 0) {
                    throw new IllegalArgumentException(labelsFile + ": line " + lineNo
                            + ": expected '<file name> <label>', found '" + text + "'");
                }
                String name = text.substring(0, cut).strip();
                String labelText = text.substring(cut + 1);
                long label;
                try {
                    label = Long.parseLong(labelText);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(labelsFile + ": line " + lineNo + ": label '" + labelText
                            + "' is not an integer");
                }
                if (label < 0) {
                    throw new IllegalArgumentException(labelsFile + ": line " + lineNo + ": label " + label + " is negative");
                }
                Path image = folder.resolve(name);
                if (!Files.isRegularFile(image)) {
                    throw new IllegalArgumentException(labelsFile + ": line " + lineNo + ": image file " + image
                            + " does not exist");
                }
                files.add(image);
                labels.add(label);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(labelsFile + ": labels file does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException(labelsFile + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static int lastWhitespace(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Decodes the images into one uint8 tensor [N, C, H, W]; {@code listing} names the list for messages. */
    private static Tensor readImages(List<Path> files, Path listing) {
        // The first image fixes C, H and W; the tensor is allocated once and each image is written
        // into its own slice, so no Java array of the whole data set is ever made.
        Decoded first = decode(files.get(0));
        int n = files.size();
        long perImage = (long) first.channels * first.height * first.width;
        if (perImage * n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(listing + ": " + n + " images of " + perImage
                    + " bytes are more than 2 GB; read them in parts (limit)");
        }
        Tensor images = torch.empty(new long[] {n, first.channels, first.height, first.width},
                new TensorOptions(ScalarType.Byte), new MemoryFormatOptional());
        ByteBuffer memory = new BytePointer(images.data_ptr()).capacity(perImage * n).limit(perImage * n).asByteBuffer();
        memory.put(0, first.chw);

        ConcurrentSkipListMap<Integer, RuntimeException> failures = new ConcurrentSkipListMap<>();
        IntStream.range(1, n).parallel().forEach(i -> {
            try {
                Decoded d = decode(files.get(i));
                if (d.channels != first.channels || d.height != first.height || d.width != first.width) {
                    throw new IllegalArgumentException(files.get(i) + ": image is " + d.describe() + " but "
                            + files.get(0).getFileName() + " (the first image) is " + first.describe()
                            + "; all images must have one size and channel count");
                }
                // Absolute bulk put: no shared buffer position, so threads writing disjoint slices are safe.
                memory.put((int) (i * perImage), d.chw);
            } catch (RuntimeException e) {
                failures.put(i, e);
            }
        });
        if (!failures.isEmpty()) {
            throw failures.firstEntry().getValue(); // the first bad file in list order, whatever the thread timing
        }
        return images;
    }

    /** One image as channel-major bytes. */
    private record Decoded(int channels, int height, int width, byte[] chw) {
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

    private static Decoded decode(Path file) {
        BufferedImage image;
        // The whole file is read at once and decoded from memory: ImageIO.read(File) reads through
        // an unbuffered RandomAccessFile (a system call per PNG chunk field), and ImageIO.read of an
        // InputStream may cache to a temporary file; both are several times slower for small images.
        // (ImageIO.read closes the stream itself; it holds only memory.)
        try {
            byte[] bytes = Files.readAllBytes(file);
            ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
            ImageReader reader = READERS.get().get(formatOf(bytes));
            if (reader != null) {
                try {
                    reader.setInput(in, true, true);
                    image = reader.read(0);
                } finally {
                    reader.setInput(null);
                    in.close();
                }
            } else {
                image = ImageIO.read(in);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IllegalArgumentException(file + ": not a readable image (no PNG/JPEG decoder accepts it)");
        }
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
