package io.github.dann4j.data;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.runtime.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
 *
 * <p>Bounds: the labels file may name only files inside the folder (no absolute names, no
 * {@code ..} leading out of it); labels must be below {@link Limits#classes()}; each image's
 * width and height are read from its header before it is decoded, and the decoded image, and the
 * whole tensor (images × channels × height × width), must fit {@link Limits#memoryBytes()}.
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
            Tensor x = readImages(files, labelsFile.toString());
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
            throw new UncheckedIOException(folder + ": cannot list: " + Messages.of(e), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no .png, .jpg or .jpeg files");
        }
        try (PointerScope scope = new PointerScope()) {
            return LoadedData.of(readImages(files, folder.toString()), null, "image folder " + folder + " (unlabelled)");
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
        long classLimit = Limits.classes();
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
                if (label >= classLimit) {
                    throw new IllegalArgumentException(labelsFile + ": line " + lineNo + ": label " + label + " asks for more than "
                            + classLimit + " classes, the limit (raise it with -D" + Limits.CLASSES + "=N)");
                }
                Path image = inside(folder, name, labelsFile, lineNo);
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
            throw new UncheckedIOException(labelsFile + ": cannot read: " + Messages.of(e), e);
        }
    }

    /** {@code folder/name}, refused unless it stays inside the folder (no absolute name, no escaping {@code ..}). */
    private static Path inside(Path folder, String name, Path labelsFile, int lineNo) {
        Path relative;
        try {
            relative = folder.getFileSystem().getPath(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(labelsFile + ": line " + lineNo + ": '" + name + "' is not a file name");
        }
        Path base = folder.toAbsolutePath().normalize();
        Path image = base.resolve(relative).normalize();
        if (relative.isAbsolute() || !image.startsWith(base) || image.equals(base)) {
            throw new IllegalArgumentException(labelsFile + ": line " + lineNo + ": image '" + name + "' is outside the image"
                    + " folder " + folder + "; names must be relative to the folder, without leading '..'");
        }
        return folder.resolve(relative);
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
    static Tensor readImages(List<Path> files, String listing) {
        return stack(files.size(), i -> ImageDecoder.decode(files.get(i)), i -> files.get(i).toString(),
                files.get(0).getFileName().toString(), listing);
    }

    /**
     * {@code n} images, decoded in parallel, as one uint8 tensor [N, C, H, W]. The first image
     * fixes C, H and W; the tensor is allocated once and each image is written into its own slice,
     * so no Java array of the whole data set is ever made.
     *
     * @param where     image i as messages name it (a path)
     * @param firstName image 0 as a message about another image names it
     * @param listing   the whole list, for messages
     */
    static Tensor stack(int n, IntFunction<ImageDecoder.Decoded> decode, IntFunction<String> where, String firstName,
            String listing) {
        ImageDecoder.Decoded first = decode.apply(0);
        long perImage = (long) first.channels() * first.height() * first.width();
        Limits.requireMemory(Limits.times(perImage, n), listing + " (" + n + " images of " + first.describe() + ")");
        if (perImage * n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(listing + ": " + n + " images of " + perImage
                    + " bytes are more than 2 GB; read them in parts (limit)");
        }
        Tensor images = torch.empty(new long[] {n, first.channels(), first.height(), first.width()},
                new TensorOptions(ScalarType.Byte), new MemoryFormatOptional());
        ByteBuffer memory = new BytePointer(images.data_ptr()).capacity(perImage * n).limit(perImage * n).asByteBuffer();
        memory.put(0, first.chw());

        ConcurrentSkipListMap<Integer, RuntimeException> failures = new ConcurrentSkipListMap<>();
        IntStream.range(1, n).parallel().forEach(i -> {
            try {
                ImageDecoder.Decoded d = decode.apply(i);
                if (d.channels() != first.channels() || d.height() != first.height() || d.width() != first.width()) {
                    throw new IllegalArgumentException(where.apply(i) + ": image is " + d.describe() + " but "
                            + firstName + " (the first image) is " + first.describe()
                            + "; all images must have one size and channel count");
                }
                // Absolute bulk put: no shared buffer position, so threads writing disjoint slices are safe.
                memory.put((int) (i * perImage), d.chw());
            } catch (RuntimeException e) {
                failures.put(i, e);
            }
        });
        if (!failures.isEmpty()) {
            throw failures.firstEntry().getValue(); // the first bad image in list order, whatever the thread timing
        }
        return images;
    }
}
