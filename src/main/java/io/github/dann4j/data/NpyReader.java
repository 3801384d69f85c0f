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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Reads NumPy arrays: {@code .npy} files (format versions 1.0, 2.0 and 3.0) and {@code .npz}
 * archives (a zip of {@code .npy} entries, stored or deflated, as written by {@code np.savez} and
 * {@code np.savez_compressed}).
 *
 * <p>Supported element types (the header's {@code descr}): {@code |u1} (uint8), {@code <f4}
 * (float32), {@code <f8} (float64), {@code <i8} (int64); a single array keeps the file's dtype and
 * shape, features read as {@link LoadedData} become float32 or, when asked, float64 (uint8 stays
 * uint8). C order only. Errors name the file (and the archive entry): big-endian data,
 * {@code fortran_order: True}, other dtypes, and data shorter or longer than the shape says.
 *
 * <p>Nothing is allocated for an array until its header has been checked against
 * {@link Limits#memoryBytes()} and against what the file can hold: a {@code .npy} file's length,
 * and for an {@code .npz} entry its compressed size times deflate's largest ratio (1032:1), so a
 * decompression bomb is refused before it inflates. The zip's declared uncompressed size is not
 * trusted: the data is counted while it is inflated, and reading stops once it is known to be too
 * long.
 */
public final class NpyReader {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Deflate's largest expansion: one compressed byte yields at most 1032 bytes. */
    private static final long DEFLATE_RATIO = 1032;

    /** Names tried, in order, for the features of an archive when the caller names none. */
    public static final List<String> FEATURE_NAMES = List.of("x", "features", "X", "data");
    /** Names tried, in order, for the labels of an archive when the caller names none. */
    public static final List<String> LABEL_NAMES = List.of("y", "labels", "Y", "label", "targets");

    private NpyReader() {}

    /** The array in a {@code .npy} file, in its own dtype and shape. The tensor belongs to the caller. */
    public static Tensor read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            long capacity = Files.size(file);
            return Scopes.returning(() -> read(in, file.toString(), capacity, false));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + Messages.of(e), e);
        }
    }

    /**
     * The array {@code name} of a {@code .npz} archive ({@code "x"} and {@code "x.npy"} both name
     * the entry {@code x.npy}). The tensor belongs to the caller.
     */
    public static Tensor readNpz(Path archive, String name) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry entry = entry(zip, archive, name);
            // The most bytes the entry can inflate to: its stored bytes, or deflate's ratio times them.
            long compressed = entry.getCompressedSize() < 0 ? Files.size(archive) : entry.getCompressedSize();
            long capacity = entry.getMethod() == ZipEntry.STORED ? compressed : Limits.times(compressed, DEFLATE_RATIO);
            try (InputStream in = zip.getInputStream(entry)) {
                return Scopes.returning(() -> read(in, archive + " [" + entry.getName() + "]", capacity,
                        entry.getMethod() != ZipEntry.STORED));
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(archive + ": not a readable .npz (zip) archive: " + Messages.of(e), e);
        } catch (EOFException e) {
            throw new IllegalArgumentException(archive + ": not a readable .npz (zip) archive: it ends before its zip"
                    + " directory says it does", e);
        } catch (IOException e) {
            throw new UncheckedIOException(archive + ": cannot read: " + Messages.of(e), e);
        }
    }

    /** The array names in a {@code .npz} archive (entry names without {@code .npy}), in archive order. */
    public static List<String> npzNames(Path archive) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                names.add(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name);
            }
            return names;
        } catch (ZipException e) {
            throw new IllegalArgumentException(archive + ": not a readable .npz (zip) archive: " + Messages.of(e), e);
        } catch (EOFException e) {
            throw new IllegalArgumentException(archive + ": not a readable .npz (zip) archive: it ends before its zip"
                    + " directory says it does", e);
        } catch (IOException e) {
            throw new UncheckedIOException(archive + ": cannot read: " + Messages.of(e), e);
        }
    }

    /**
     * Features and labels from a {@code .npz} archive. {@code featuresName} null picks the first
     * of {@link #FEATURE_NAMES} present; {@code labelsName} null picks the first of
     * {@link #LABEL_NAMES} present, or none (unlabelled). Named arrays must exist. Features become
     * float32, except uint8 which stays uint8 (images); labels must be integers.
     */
    public static LoadedData readNpz(Path archive, String featuresName, String labelsName) {
        return readNpz(archive, featuresName, labelsName, ScalarType.Float);
    }

    /**
     * As {@link #readNpz(Path, String, String)}, with non-uint8 features converted to
     * {@code dtype}: {@code ScalarType.Float} (float32) or {@code ScalarType.Double} (float64,
     * which keeps {@code <f8} arrays exactly as stored and widens {@code <f4} exactly).
     */
    public static LoadedData readNpz(Path archive, String featuresName, String labelsName, ScalarType dtype) {
        FeatureDtypes.require(dtype);
        List<String> names = npzNames(archive);
        String xName = featuresName != null ? featuresName : FEATURE_NAMES.stream().filter(names::contains).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(archive + ": no features array; looked for "
                        + FEATURE_NAMES + ", the archive has " + names + " (name the array to use)"));
        String yName = labelsName != null ? labelsName : LABEL_NAMES.stream().filter(names::contains).findFirst().orElse(null);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = readNpz(archive, xName);
            Tensor y = yName == null ? null : readNpz(archive, yName);
            String origin = "NPZ " + archive + " [" + xName + (yName == null ? ", unlabelled]" : ", labels " + yName + "]");
            return toLoadedData(x, y, origin, dtype);
        }
    }

    /**
     * Features from one {@code .npy} file and labels from another ({@code labels} may be null).
     * Same conversions as {@link #readNpz(Path, String, String)}.
     */
    public static LoadedData read(Path features, Path labels) {
        return read(features, labels, ScalarType.Float);
    }

    /**
     * As {@link #read(Path, Path)}, with non-uint8 features converted to {@code dtype} (see
     * {@link #readNpz(Path, String, String, ScalarType)}).
     */
    public static LoadedData read(Path features, Path labels, ScalarType dtype) {
        FeatureDtypes.require(dtype);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = read(features);
            Tensor y = labels == null ? null : read(labels);
            return toLoadedData(x, y, "NPY " + features + (labels == null ? " (unlabelled)" : " with labels " + labels), dtype);
        }
    }

    /**
     * Features from one {@code .npy} file and regression targets from another (floating
     * {@code [N]} or {@code [N, m]}, converted to {@code dtype}); {@code targets} may be null
     * (unlabelled).
     */
    public static LoadedData readRegression(Path features, Path targets, ScalarType dtype) {
        FeatureDtypes.require(dtype);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = read(features);
            Tensor y = targets == null ? null : read(targets);
            return toLoadedData(x, y, "NPY " + features + (targets == null ? " (unlabelled)" : " with regression targets "
                    + targets), dtype, true);
        }
    }

    /**
     * Features and regression targets from a {@code .npz} archive, the arrays chosen as by
     * {@link #readNpz(Path, String, String, ScalarType)}; the targets floating {@code [N]} or
     * {@code [N, m]}, converted to {@code dtype}.
     */
    public static LoadedData readNpzRegression(Path archive, String featuresName, String targetsName, ScalarType dtype) {
        FeatureDtypes.require(dtype);
        List<String> names = npzNames(archive);
        String xName = featuresName != null ? featuresName : FEATURE_NAMES.stream().filter(names::contains).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(archive + ": no features array; looked for "
                        + FEATURE_NAMES + ", the archive has " + names + " (name the array to use)"));
        String yName = targetsName != null ? targetsName : LABEL_NAMES.stream().filter(names::contains).findFirst().orElse(null);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = readNpz(archive, xName);
            Tensor y = yName == null ? null : readNpz(archive, yName);
            String origin = "NPZ " + archive + " [" + xName + (yName == null ? ", unlabelled]" : ", targets " + yName + "]");
            return toLoadedData(x, y, origin, dtype, true);
        }
    }

    private static LoadedData toLoadedData(Tensor x, Tensor y, String origin, ScalarType dtype) {
        return toLoadedData(x, y, origin, dtype, false);
    }

    private static LoadedData toLoadedData(Tensor x, Tensor y, String origin, ScalarType dtype, boolean regression) {
        if (x.dim() < 1) {
            throw new IllegalArgumentException(origin + ": features are a scalar (shape ()), expected [N, ...]");
        }
        ScalarType stored = x.scalar_type().intern();
        if (stored != ScalarType.Byte && stored != dtype) {
            // The converted copy exists beside the array read (checked when it was read): a <f4
            // array read as float64 needs twice its size again.
            Limits.requireMemory(Limits.times(x.numel(), FeatureDtypes.bytes(dtype)), origin + " (features "
                    + Arrays.toString(io.github.dann4j.internal.TensorChecks.shape(x)) + " as " + FeatureDtypes.name(dtype) + ")");
        }
        Tensor features = stored == ScalarType.Byte || stored == dtype ? x : x.to(dtype);
        if (features.is_floating_point() && !torch.isfinite(features).all().item_bool()) {
            throw new IllegalArgumentException(origin + ": features contain NaN or infinite values");
        }
        if (regression && y != null) {
            if (!y.is_floating_point()) {
                throw new IllegalArgumentException(origin + ": regression targets must be float32 or float64, got "
                        + y.scalar_type() + " " + Arrays.toString(io.github.dann4j.internal.TensorChecks.shape(y))
                        + " (integer class labels are for classification)");
            }
            if ((y.dim() != 1 && y.dim() != 2) || y.size(0) != x.size(0)) {
                throw new IllegalArgumentException(origin + ": " + x.size(0) + " samples but targets have shape "
                        + Arrays.toString(io.github.dann4j.internal.TensorChecks.shape(y)) + " (expected [N] or [N, m])");
            }
            return LoadedData.regression(features, y.to(dtype), origin);
        }
        Tensor labels = null;
        if (y != null) {
            if (y.dim() != 1 || y.size(0) != x.size(0)) {
                throw new IllegalArgumentException(origin + ": " + x.size(0) + " samples but labels have shape "
                        + Arrays.toString(io.github.dann4j.internal.TensorChecks.shape(y)));
            }
            if (y.is_floating_point()) {
                // Labels saved as floats (common from pandas) are fine if they are whole numbers.
                if (!torch.equal(y, y.round())) {
                    throw new IllegalArgumentException(origin + ": labels are " + y.scalar_type()
                            + " with non-integer values; labels must be class indices 0, 1, ...");
                }
            }
            labels = y.to(ScalarType.Long);
        }
        return LoadedData.of(features, labels, origin);
    }

    private static ZipEntry entry(ZipFile zip, Path archive, String name) {
        ZipEntry entry = zip.getEntry(name.endsWith(".npy") ? name : name + ".npy");
        if (entry == null) {
            entry = zip.getEntry(name);
        }
        if (entry == null) {
            throw new IllegalArgumentException(archive + ": no array named '" + name + "'; the archive has " + npzNames(archive));
        }
        return entry;
    }

    /**
     * Parses one .npy stream; {@code where} names it in messages; {@code capacity} is the most bytes
     * the stream can hold (header included), {@code compressed} whether that is a bound from
     * deflate's ratio rather than an exact length.
     */
    private static Tensor read(InputStream raw, String where, long capacity, boolean compressed) {
        try {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16));
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(where + ": not a .npy file (it does not start with \\x93NUMPY)");
            }
            int major = in.readUnsignedByte();
            int minor = in.readUnsignedByte();
            long headerLength;
            if (major == 1) {
                headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new IllegalArgumentException(where + ": .npy format version " + major + "." + minor
                        + " is not supported (1.0, 2.0, 3.0 are)");
            }
            if (headerLength > 1 << 20) {
                throw new IllegalArgumentException(where + ": .npy header length " + headerLength + " is implausibly large");
            }
            byte[] headerBytes = in.readNBytes((int) headerLength);
            if (headerBytes.length != headerLength) {
                throw new IllegalArgumentException(where + ": file ends inside the .npy header");
            }
            // Version 3.0 differs from 2.0 only in allowing UTF-8 in the header (for field names).
            String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            NpyHeader h = NpyHeader.parse(header, where);

            // Checked before anything is allocated: the header alone must not ask for memory.
            long expected = Limits.times(Limits.product(h.shape()), h.itemSize());
            String asked = "shape " + Arrays.toString(h.shape()) + " and dtype " + h.descr();
            long room = Math.max(0, capacity - (MAGIC.length + 2 + (major == 1 ? 2 : 4) + headerLength));
            if (expected > room) {
                throw new IllegalArgumentException(compressed
                        ? where + ": " + asked + " need " + Limits.describe(expected) + " of data, more than its "
                                + "compressed data can hold (at most " + Limits.describe(room) + ")"
                        : where + ": expected " + expected + " bytes of data for " + asked + ", found " + room);
            }
            Limits.requireMemory(expected, where + " (" + asked + ")");
            Tensor data = torch.empty(h.shape(), new TensorOptions(h.type()), new MemoryFormatOptional());
            long found = Streams.readInto(in, data);
            if (found == expected) {
                found += Streams.remaining(in, room);
            }
            if (found != expected) {
                throw new IllegalArgumentException(where + ": expected " + expected + " bytes of data for " + asked
                        + ", found " + (found > room ? "more than " + Limits.describe(room) : Long.toString(found)));
            }
            return data;
        } catch (EOFException e) {
            throw new IllegalArgumentException(where + ": file ends inside the .npy header", e);
        } catch (ZipException e) {
            throw new IllegalArgumentException(where + ": corrupt compressed data: " + Messages.of(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read: " + Messages.of(e), e);
        }
    }
}
