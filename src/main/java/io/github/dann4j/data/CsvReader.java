package io.github.dann4j.data;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.runtime.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Tabular data from a comma-separated file: a header row of column names, then one sample per
 * row. Every column is a numeric feature except the label column ({@code label} unless the caller
 * names another), whose values must be non-negative integers ({@code 3} or {@code 3.0}). A file
 * without the label column is unlabelled, which is fine for target data.
 *
 * <p>Output: features {@code [N, D]}, float32 by default or float64 when asked, labels int64
 * {@code [N]} or null. Each value is the nearest one of the stored type to its text: for float64
 * {@link Double#parseDouble} of the text, so every digit a double can hold is kept; for float32
 * the float {@link Float#parseFloat} gives, never a double rounded again to float where that
 * would differ (at ties, see {@code parseFloat}).
 *
 * <p>Fields are split by {@link CsvRows} (FastCSV): RFC 4180 quoting, so a quoted field, header
 * names included, may hold commas, line breaks and doubled quotes; LF, CRLF or CR line ends;
 * spaces around values, a UTF-8 byte order mark and blank lines are ignored. Errors name the file,
 * the line and the column: a non-numeric or empty value, a row with another number of values
 * than the header, a NaN or infinite feature or one outside the range of the stored type, a
 * non-integer or negative label, a label that asks for more than {@link Limits#classes()}
 * classes, a label column named twice, a field longer than {@value CsvRows#MAX_FIELD_CHARS}
 * characters (such as an unclosed quote) or a row of more than {@value CsvRows#MAX_COLUMNS}
 * fields, and rows × columns × the type's bytes past {@link Limits#memoryBytes()} or the Java heap
 * (checked as the rows are read, before the array grows). Malformed UTF-8 is an
 * {@link UncheckedIOException} naming the file.
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
        return read(file, List.of(labelColumn), false, dtype);
    }

    /**
     * Reads {@code file} for regression: the columns {@code targetColumns} (exact names, at least
     * one) are the targets, floating {@code [N, m]} in {@code dtype} and in the order given, every
     * other column a feature. Targets must be finite numbers. A file with none of the columns is
     * unlabelled (target-domain data); one with only some of them is refused, naming the missing.
     */
    public static LoadedData readRegression(Path file, List<String> targetColumns, ScalarType dtype) {
        if (targetColumns == null || targetColumns.isEmpty()) {
            throw new IllegalArgumentException("regression needs at least one target column");
        }
        return read(file, targetColumns, true, dtype);
    }

    private static LoadedData read(Path file, List<String> labelColumns, boolean regression, ScalarType dtype) {
        FeatureDtypes.require(dtype);
        // A strict decoder: malformed UTF-8 is an error, not silently replaced.
        try (InputStream bytes = Files.newInputStream(file);
                CsvRows rows = new CsvRows(file, new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()))) {
            if (!rows.next(CsvRows.MAX_COLUMNS)) {
                throw new IllegalArgumentException(file + ": empty file (expected a header row of column names)");
            }
            long headerLine = rows.line();
            String[] names = new String[rows.count()];
            for (int i = 0; i < names.length; i++) {
                names[i] = rows.field(i);
            }
            String labelColumn = String.join(",", labelColumns);
            int[] targetOf = new int[names.length]; // the label or target index of each column, -1 for a feature
            Arrays.fill(targetOf, -1);
            List<String> missing = new java.util.ArrayList<>();
            for (int k = 0; k < labelColumns.size(); k++) {
                String column = labelColumns.get(k);
                int index = Arrays.asList(names).indexOf(column);
                int again = Arrays.asList(names).lastIndexOf(column);
                if (again != index) {
                    throw new IllegalArgumentException(file + ": line " + headerLine + ": the " + (regression ? "target" : "label")
                            + " column '" + CsvRows.shown(column) + "' appears twice (columns " + (index + 1) + " and "
                            + (again + 1) + "); rename one");
                }
                if (index < 0) {
                    missing.add(CsvRows.shown(column));
                } else {
                    targetOf[index] = k;
                }
            }
            boolean labelled = missing.size() < labelColumns.size();
            if (labelled && !missing.isEmpty()) {
                throw new IllegalArgumentException(file + ": line " + headerLine + ": no target column " + missing
                        + " (the target columns are " + labelColumns + ")");
            }
            int labelIndex = !regression && labelled ? Arrays.asList(names).indexOf(labelColumns.get(0)) : -1;
            int width = names.length;
            int m = labelled ? labelColumns.size() : 0;
            int d = width - m;
            if (d == 0) {
                throw new IllegalArgumentException(file + ": line " + headerLine + ": no feature columns besides '"
                        + CsvRows.shown(labelColumn) + "'");
            }
            checkHeader(file, headerLine, names);
            rows.names(names);

            long classLimit = Limits.classes();
            boolean float64 = dtype == ScalarType.Double;
            CsvBuffers.Features features = new CsvBuffers.Features(dtype);
            CsvBuffers.Labels labels = labelIndex < 0 ? null : new CsvBuffers.Labels();
            CsvBuffers.Features targets = regression && labelled ? new CsvBuffers.Features(dtype) : null;
            double[] row = targets == null ? null : new double[m];
            while (rows.next(width)) {
                long lineNo = rows.line();
                if (rows.count() != width) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + " has " + rows.count()
                            + " values but the header has " + width + " columns");
                }
                for (int i = 0; i < width; i++) {
                    String text = rows.field(i);
                    if (i == labelIndex) {
                        double v = parseDouble(text, rows, i);
                        labels.add(label(rows, i, text, v, classLimit), file, lineNo);
                    } else if (targets != null && targetOf[i] >= 0) {
                        double v = float64 ? parseDouble(text, rows, i) : parseFloat(text, rows, i);
                        if (!Double.isFinite(v) || text.contains("Infinity")) {
                            throw new IllegalArgumentException(rows.where(i) + ": target value " + CsvRows.shown(text)
                                    + (Double.isNaN(v) || text.contains("Infinity") ? " is not finite"
                                            : " is outside the " + FeatureDtypes.name(dtype) + " range"));
                        }
                        row[targetOf[i]] = v;
                    } else if (float64) {
                        double v = parseDouble(text, rows, i);
                        requireFinite(rows, i, text, Double.isNaN(v), !Double.isFinite(v), dtype);
                        features.add(v, file, lineNo);
                    } else {
                        float v = parseFloat(text, rows, i); // correctly rounded, not via double
                        requireFinite(rows, i, text, Float.isNaN(v), !Float.isFinite(v), dtype);
                        features.add(v, file, lineNo);
                    }
                }
                if (targets != null) {
                    for (double v : row) {
                        if (float64) {
                            targets.add(v, file, lineNo);
                        } else {
                            targets.add((float) v, file, lineNo); // exact: v was parsed as a float
                        }
                    }
                }
            }
            int n = features.size() / d;
            if (n == 0) {
                throw new IllegalArgumentException(file + ": no data rows after the header");
            }
            try (PointerScope scope = new PointerScope()) {
                Tensor x = features.toTensor(n, d);
                if (targets != null) {
                    return LoadedData.regression(x, targets.toTensor(n, m), "CSV " + file + " (regression targets in "
                            + (m == 1 ? "column '" : "columns '") + labelColumn + "')");
                }
                Tensor y = labels == null ? null : Tensors.fromLongs(labels.toArray());
                String origin = "CSV " + file + (labels == null ? " (unlabelled: no column '" + labelColumn + "')"
                        : " (labels in column '" + labelColumn + "')");
                return LoadedData.of(x, y, origin);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + Messages.of(e), e);
        }
    }

    private static void checkHeader(Path file, long lineNo, String[] names) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty()) {
                throw new IllegalArgumentException(file + ": line " + lineNo + ": column " + (i + 1) + " has no name");
            }
        }
    }

    /**
     * Refuses a feature that is NaN or infinite as written, or that overflows the stored type: a
     * literal too large for the type parses to infinity.
     */
    private static void requireFinite(CsvRows rows, int column, String text, boolean nan, boolean infinite,
            ScalarType dtype) {
        boolean written = nan || text.contains("Infinity");
        if (written || infinite) {
            throw new IllegalArgumentException(rows.where(column) + ": feature value " + CsvRows.shown(text)
                    + (written ? " is not finite" : " is outside the " + FeatureDtypes.name(dtype) + " range"));
        }
    }

    private static double parseDouble(String text, CsvRows rows, int column) {
        try {
            return Double.parseDouble(javaOnlyFormsRefused(text));
        } catch (NumberFormatException e) {
            throw notANumber(text, rows, column);
        }
    }

    /**
     * The float32 nearest to the text, as {@link Float#parseFloat} gives it, but faster (the JDK
     * 17's parseFloat takes twice parseDouble's time on 8-digit values): rounding the text to a
     * double and the double to a float gives the same float unless the double lands exactly on the
     * midpoint of two floats (or past the largest one). Every midpoint is a double and rounding to
     * a double is monotonic, so otherwise no midpoint lies between the text's value and the double.
     * Only at such a tie, where the second rounding may go the wrong way, is the text parsed again.
     */
    private static float parseFloat(String text, CsvRows rows, int column) {
        double d = parseDouble(text, rows, column);
        float f = (float) d;
        if ((double) f != d) {
            float other = d > f ? Math.nextUp(f) : Math.nextDown(f);
            if (Float.isInfinite(f) || d - f == other - d) {
                return Float.parseFloat(text);
            }
        }
        return f;
    }

    /** The JDK's parsers also accept Java-only forms such as "1d" or "1f": refuses those and "". */
    private static String javaOnlyFormsRefused(String text) {
        if (text.isEmpty() || text.endsWith("d") || text.endsWith("D") || text.endsWith("f") || text.endsWith("F")) {
            throw new NumberFormatException();
        }
        return text;
    }

    private static IllegalArgumentException notANumber(String text, CsvRows rows, int column) {
        return new IllegalArgumentException(rows.where(column) + ": '" + CsvRows.shown(text) + "' is not a number");
    }

    private static long label(CsvRows rows, int column, String text, double v, long classes) {
        if (Double.isFinite(v) && v == Math.rint(v) && v >= classes) {
            throw new IllegalArgumentException(rows.where(column) + ": label " + CsvRows.shown(text)
                    + " asks for more than " + classes + " classes, the limit (raise it with -D" + Limits.CLASSES + "=N)");
        }
        if (!Double.isFinite(v) || v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw new IllegalArgumentException(rows.where(column) + ": label '" + CsvRows.shown(text)
                    + "' is not an integer");
        }
        if (v < 0) {
            throw new IllegalArgumentException(rows.where(column) + ": label " + CsvRows.shown(text)
                    + " is negative (labels are class indices 0, 1, ...)");
        }
        return (long) v;
    }
}
