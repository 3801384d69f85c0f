package io.github.dann4j.data;

import io.github.dann4j.internal.Scopes;
import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.runtime.Limits;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Reads MNIST / Fashion-MNIST files in the IDX format, raw or gzip-compressed (recognised by the
 * gzip magic bytes, not by the file name).
 *
 * <p>Layout: a big-endian int32 magic {@code 0x0000TTDD} (TT the element type, 0x08 = unsigned
 * byte; DD the number of dimensions), one big-endian int32 per dimension, then the elements in
 * row-major order. Images are {@code 0x00000803} (N, H, W) and labels {@code 0x00000801} (N).
 *
 * <p>Every check fails with an {@link IllegalArgumentException} whose message starts with the file:
 * a wrong magic, another element type, a wrong number of dimensions, or data that is shorter or
 * longer than the dimensions say. The dimensions are checked before anything is allocated: their
 * product (without overflow) against what the file can hold and against
 * {@link Limits#memoryBytes()}.
 */
public final class IdxReader {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    /** Magic of an image file: unsigned bytes, 3 dimensions (N, H, W). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of a label file: unsigned bytes, 1 dimension (N). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /**
     * Images as a uint8 tensor {@code [N, 1, H, W]} (a channel dimension is added so the result
     * feeds a convolution directly). The tensor belongs to the caller (attached to the caller's innermost PointerScope, if any).
     */
    public static Tensor readImages(Path file) {
        return Scopes.returning(() -> {
            Tensor images = read(file, IMAGES_MAGIC, "image");
            return images.unsqueeze(1);
        });
    }

    /** Labels as an int64 tensor {@code [N]}. The tensor belongs to the caller. */
    public static Tensor readLabels(Path file) {
        return Scopes.returning(() -> read(file, LABELS_MAGIC, "label").to(ScalarType.Long));
    }

    /**
     * An image file and its label file: features uint8 {@code [N, 1, H, W]}, labels int64
     * {@code [N]}; the two counts must agree. {@code labels} may be null for unlabelled data.
     */
    public static LoadedData read(Path images, Path labels) {
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
            Tensor x = readImages(images);
            Tensor y = labels == null ? null : readLabels(labels);
            if (y != null && y.size(0) != x.size(0)) {
                throw new IllegalArgumentException(images + " has " + x.size(0) + " images but " + labels + " has "
                        + y.size(0) + " labels");
            }
            String origin = "IDX " + images + (labels == null ? " (unlabelled)" : " with labels " + labels);
            return LoadedData.of(x, y, origin);
        }
    }

    /** The magic number at the start of the (possibly gzip-compressed) file. */
    public static int magic(Path file) {
        try (DataInputStream in = new DataInputStream(Streams.open(file))) {
            return in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": file is shorter than the 4-byte IDX magic");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + Messages.of(e), e);
        }
    }

    /** Reads the whole file as a uint8 tensor of the file's own dimensions. */
    private static Tensor read(Path file, int expectedMagic, String kind) {
        try (InputStream stream = Streams.open(file); DataInputStream in = new DataInputStream(stream)) {
            int magic = readHeaderInt(in, file, "the magic number");
            checkMagic(file, magic, expectedMagic, kind);
            int dims = expectedMagic & 0xff;
            long[] shape = new long[dims];
            long count = 1;
            for (int i = 0; i < dims; i++) {
                int size = readHeaderInt(in, file, "dimension " + i);
                if (size < 0) {
                    throw new IllegalArgumentException(file + ": dimension " + i + " is negative (" + size + ")");
                }
                shape[i] = size;
                count = Limits.times(count, size);
            }
            if (count == Long.MAX_VALUE) {
                throw new IllegalArgumentException(file + ": dimensions " + java.util.Arrays.toString(shape)
                        + " multiply to more than 2^63 bytes of " + kind + " data (a corrupt header)");
            }
            if (count == 0) {
                throw new IllegalArgumentException(file + ": holds no " + kind + "s (dimensions " + java.util.Arrays.toString(shape) + ")");
            }
            // Check the dimensions against what the file can hold before allocating for them: a
            // corrupt dimension must not ask for tens of gigabytes. A raw file's data length is
            // known; deflate expands at most 1032:1, which bounds a gzip file's.
            long header = 4L * (1 + dims);
            long fileSize = Files.size(file);
            long capacity = Streams.isGzip(file) ? 1032L * fileSize : fileSize - header;
            if (count > capacity || (!Streams.isGzip(file) && count != capacity)) {
                throw new IllegalArgumentException(file + ": expected " + count + " bytes of " + kind
                        + " data after the header (dimensions " + java.util.Arrays.toString(shape) + "), "
                        + (Streams.isGzip(file) ? "more than the compressed file can hold (" + capacity + ")" : "found " + capacity));
            }
            Limits.requireMemory(count, file + " (IDX dimensions " + java.util.Arrays.toString(shape) + ")");
            Tensor data;
            try {
                data = torch.empty(shape, new TensorOptions(ScalarType.Byte), new MemoryFormatOptional());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": cannot allocate " + Limits.describe(count) + " for dimensions "
                        + java.util.Arrays.toString(shape) + ": " + Messages.of(e), e);
            }
            long found = Streams.readInto(in, data);
            if (found == count) {
                found += Streams.remaining(in, capacity);
            }
            if (found != count) {
                throw new IllegalArgumentException(file + ": expected " + count + " bytes of " + kind
                        + " data after the header (dimensions " + java.util.Arrays.toString(shape) + "), found " + found);
            }
            return data;
        } catch (EOFException e) {
            // A gzip stream cut short ends with EOFException inside GZIPInputStream.
            throw new IllegalArgumentException(file + ": the compressed data ends early (truncated gzip file)", e);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(file + ": corrupt gzip data: " + Messages.of(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + Messages.of(e), e);
        }
    }

    private static void checkMagic(Path file, int magic, int expected, String kind) {
        if (magic == expected) {
            return;
        }
        int type = (magic >>> 8) & 0xff;
        int dims = magic & 0xff;
        if ((magic >>> 16) != 0) {
            throw new IllegalArgumentException(file + ": not an IDX file (magic " + hex(magic) + "; IDX " + kind
                    + " files start with " + hex(expected) + ")");
        }
        if (type != UNSIGNED_BYTE) {
            throw new IllegalArgumentException(file + ": IDX element type 0x" + String.format("%02x", type)
                    + " is not supported (only 0x08, unsigned byte)");
        }
        String what = magic == IMAGES_MAGIC ? " (an image file)" : magic == LABELS_MAGIC ? " (a label file)" : "";
        throw new IllegalArgumentException(file + ": expected an IDX " + kind + " file with " + (expected & 0xff)
                + " dimension(s) (magic " + hex(expected) + "), found " + dims + " dimension(s) (magic " + hex(magic) + ")" + what);
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": file ends inside the IDX header (reading " + what + ")");
        }
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
