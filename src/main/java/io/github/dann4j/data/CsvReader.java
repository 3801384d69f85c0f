package io.github.dann4j.data;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.runtime.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Tabular data from a comma-separated file: a header row of column names, then one sample per
 * row. Every column is a numeric feature except the label column ({@code label} unless the caller
 * names another), whose values must be non-negative integers ({@code 3} or {@code 3.0}). A file
 * without the label column is unlabelled, which is fine for target data.
 *
 * <p>Output: features float32 {@code [N, D]}, labels int64 {@code [N]} or null. Blank lines are
 * skipped; values may be surrounded by spaces or double quotes (quoted commas are not supported).
 * Errors name the file and line: a non-numeric value, a row with another number of values than the
 * header, a NaN or infinite feature, a non-integer or negative label, a label that asks for more
 * than {@link Limits#classes()} classes, a label column named twice, and rows × columns past
 * {@link Limits#memoryBytes()} (checked as the rows are read, before the array grows).
 */
public final class CsvReader {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    /** The label column's name when the caller does not choose one. */
    public static final String DEFAULT_LABEL_COLUMN = "label";

    private CsvReader() {}

    /** Reads {@code file} with its label in the column {@value #DEFAULT_LABEL_COLUMN}, if present. */
    public static LoadedData read(Path file) {
        return read(file, DEFAULT_LABEL_COLUMN);
    }

    /**
     * Reads {@code file}, taking labels from the column named {@code labelColumn} (exact,
     * case-sensitive match); without that column the data is unlabelled.
     */
    public static LoadedData read(Path file, String labelColumn) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            int lineNo = 1;
            while (header != null && header.isBlank()) {
                header = in.readLine();
                lineNo++;
            }
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file (expected a header row of column names)");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1); // a UTF-8 byte order mark, as written by some spreadsheets
            }
            String[] names = split(header);
            int labelIndex = Arrays.asList(names).indexOf(labelColumn);
            int again = Arrays.asList(names).lastIndexOf(labelColumn);
            if (again != labelIndex) {
                throw new IllegalArgumentException(file + ": line " + lineNo + ": the label column '" + labelColumn
                        + "' appears twice (columns " + (labelIndex + 1) + " and " + (again + 1) + "); rename one");
            }
            int width = names.length;
            int d = labelIndex < 0 ? width : width - 1;
            if (d == 0) {
                throw new IllegalArgumentException(file + ": line " + lineNo + ": no feature columns besides '" + labelColumn + "'");
            }
            checkHeader(file, lineNo, names);

            long classLimit = Limits.classes();
            FloatList features = new FloatList();
            LongList labels = labelIndex < 0 ? null : new LongList();
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] values = split(line);
                if (values.length != width) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + " has " + values.length
                            + " values but the header has " + width + " columns");
                }
                for (int i = 0; i < width; i++) {
                    double v = parse(file, lineNo, names[i], values[i]);
                    if (i == labelIndex) {
                        labels.add(label(file, lineNo, names[i], values[i], v, classLimit), file, lineNo);
                    } else {
                        if (!Double.isFinite(v)) {
                            throw new IllegalArgumentException(file + ": line " + lineNo + ", column '" + names[i]
                                    + "': feature value " + values[i] + " is not finite");
                        }
                        float f = (float) v;
                        if (!Float.isFinite(f)) {
                            throw new IllegalArgumentException(file + ": line " + lineNo + ", column '" + names[i]
                                    + "': feature value " + values[i] + " is outside the float32 range");
                        }
                        features.add(f, file, lineNo);
                    }
                }
            }
            int n = features.size() / d;
            if (n == 0) {
                throw new IllegalArgumentException(file + ": no data rows after the header");
            }
            try (PointerScope scope = new PointerScope()) {
                Tensor x = torch.empty(new long[] {n, d}, new TensorOptions(ScalarType.Float), new MemoryFormatOptional());
                new FloatPointer(x.data_ptr()).put(features.values, 0, features.size());
                Tensor y = labels == null ? null : Tensors.fromLongs(labels.toArray());
                String origin = "CSV " + file + (labels == null ? " (unlabelled: no column '" + labelColumn + "')"
                        : " (labels in column '" + labelColumn + "')");
                return LoadedData.of(x, y, origin);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + Messages.of(e), e);
        }
    }

    private static void checkHeader(Path file, int lineNo, String[] names) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty()) {
                throw new IllegalArgumentException(file + ": line " + lineNo + ": column " + (i + 1) + " has no name");
            }
        }
    }

    private static String[] split(String line) {
        // -1 keeps trailing empty fields, so "1,2," counts as three values (one of them missing).
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1).trim();
            }
            parts[i] = p;
        }
        return parts;
    }

    private static double parse(Path file, int lineNo, String column, String text) {
        try {
            // Double.parseDouble also accepts Java-only forms such as "1d" or hex; require a digit
            // or one of NaN/Infinity so those do not slip through as numbers.
            if (text.isEmpty() || text.endsWith("d") || text.endsWith("D") || text.endsWith("f") || text.endsWith("F")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ", column '" + column + "': '" + text
                    + "' is not a number");
        }
    }

    private static long label(Path file, int lineNo, String column, String text, double v, long classes) {
        if (Double.isFinite(v) && v == Math.rint(v) && v >= classes) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ", column '" + column + "': label " + text
                    + " asks for more than " + classes + " classes, the limit (raise it with -D" + Limits.CLASSES + "=N)");
        }
        if (!Double.isFinite(v) || v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ", column '" + column + "': label '" + text
                    + "' is not an integer");
        }
        if (v < 0) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ", column '" + column + "': label " + text
                    + " is negative (labels are class indices 0, 1, ...)");
        }
        return (long) v;
    }

    /** Java arrays hold at most this many elements. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * The next capacity of a growable array that is full at {@code length} elements, after
     * checking the new array against {@link Limits#requireHeap}.
     */
    private static int grow(int length, int elementBytes, Path file, int lineNo, String what) {
        long grown = Math.min((long) length * 2, MAX_ARRAY);
        Limits.requireHeap(grown * elementBytes, where(file, lineNo, what));
        if (grown == length) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ": more than " + MAX_ARRAY + " values; split the"
                    + " file or save it as .npy");
        }
        return (int) grown;
    }

    private static String where(Path file, int lineNo, String what) {
        return file + " (line " + lineNo + ": " + what + ")";
    }

    /** A growable float array (a List<Float> would box every value). */
    private static final class FloatList {
        float[] values = new float[1024];
        int size;

        void add(float v, Path file, int lineNo) {
            if (size == values.length) {
                String what = "the rows so far times the columns";
                int capacity = grow(size, Float.BYTES, file, lineNo, what);
                try {
                    values = Arrays.copyOf(values, capacity);
                } catch (OutOfMemoryError e) { // one large array: nothing else is left half-made
                    throw Limits.heapExhausted((long) capacity * Float.BYTES, where(file, lineNo, what));
                }
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }
    }

    /** A growable long array, for the labels. */
    private static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v, Path file, int lineNo) {
            if (size == values.length) {
                int capacity = grow(size, Long.BYTES, file, lineNo, "the labels so far");
                try {
                    values = Arrays.copyOf(values, capacity);
                } catch (OutOfMemoryError e) {
                    throw Limits.heapExhausted((long) capacity * Long.BYTES, where(file, lineNo, "the labels so far"));
                }
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
