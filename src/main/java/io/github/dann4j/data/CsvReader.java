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
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Tabular data from a comma-separated file: a header row of column names, then one sample per
 * row. Every column is a numeric feature except the label column ({@code label} unless the caller
 * names another), whose values must be non-negative integers ({@code 3} or {@code 3.0}). A file
 * without the label column is unlabelled, which is fine for target data.
 *
 * <p>Output: features {@code [N, D]}, float32 by default or float64 when asked (values are parsed
 * as doubles, correctly rounded, and then stored in that type, so float64 keeps every digit a
 * double can hold), labels int64 {@code [N]} or null. Blank lines are skipped; values may be
 * surrounded by spaces or double quotes (quoted commas are not supported). Errors name the file
 * and line: a non-numeric value, a row with another number of values than the header, a NaN or
 * infinite feature or one outside the range of the stored type, a non-integer or negative label, a
 * label that asks for more than {@link Limits#classes()} classes, a label column named twice, and
 * rows × columns × the type's bytes past {@link Limits#memoryBytes()} or the Java heap (checked
 * as the rows are read, before the array grows).
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
     * Reads {@code file} into float32 features, taking labels from the column named
     * {@code labelColumn} (exact, case-sensitive match); without that column the data is unlabelled.
     */
    public static LoadedData read(Path file, String labelColumn) {
        return read(file, labelColumn, ScalarType.Float);
    }

    /**
     * As {@link #read(Path, String)}, with features stored as {@code dtype}:
     * {@code ScalarType.Float} (float32) or {@code ScalarType.Double} (float64).
     */
    public static LoadedData read(Path file, String labelColumn, ScalarType dtype) {
        FeatureDtypes.require(dtype);
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
            CsvBuffers.Features features = new CsvBuffers.Features(dtype);
            CsvBuffers.Labels labels = labelIndex < 0 ? null : new CsvBuffers.Labels();
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
                        requireFinite(file, lineNo, names[i], values[i], v, dtype);
                        features.add(v, file, lineNo);
                    }
                }
            }
            int n = features.size() / d;
            if (n == 0) {
                throw new IllegalArgumentException(file + ": no data rows after the header");
            }
            try (PointerScope scope = new PointerScope()) {
                Tensor x = features.toTensor(n, d);
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

    /**
     * Refuses a feature that is NaN or infinite as written, or that overflows the stored type: a
     * literal too large for a double parses to infinity, one too large for float32 rounds to it.
     */
    private static void requireFinite(Path file, int lineNo, String column, String text, double v, ScalarType dtype) {
        boolean written = Double.isNaN(v) || text.contains("Infinity");
        boolean overflows = !Double.isFinite(v) || (dtype == ScalarType.Float && !Float.isFinite((float) v));
        if (written || overflows) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ", column '" + column + "': feature value " + text
                    + (written ? " is not finite" : " is outside the " + FeatureDtypes.name(dtype) + " range"));
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
}
