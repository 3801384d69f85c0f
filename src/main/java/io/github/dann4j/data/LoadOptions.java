package io.github.dann4j.data;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What {@link DataLoaders#load} needs beyond the path, all optional:
 * <ul>
 *   <li>{@code labels}: the labels file (IDX label file, image folder labels text file, labels
 *       {@code .npy}); by default one is looked for beside the data (see {@link DataLoaders}); CSV
 *       and {@code .npz} data carry their own labels and refuse a labels file;</li>
 *   <li>{@code labelColumn}: the CSV label column (default {@value CsvReader#DEFAULT_LABEL_COLUMN});</li>
 *   <li>{@code featuresName} / {@code labelsName}: the {@code .npz} arrays (default: the first of
 *       {@link NpyReader#FEATURE_NAMES} / {@link NpyReader#LABEL_NAMES} present);</li>
 *   <li>{@code limit}: keep only the first K samples (default: all);</li>
 *   <li>{@code dtype}: what CSV and {@code .npy}/{@code .npz} features are stored as,
 *       {@code ScalarType.Float} (float32, the default) or {@code ScalarType.Double} (float64:
 *       CSV values are kept as parsed, {@code <f8} arrays as stored, {@code <f4} widened
 *       exactly); uint8 images (IDX, image folders, {@code |u1} arrays) stay uint8 either way;</li>
 *   <li>{@code regression}: read continuous targets instead of class labels: the CSV columns
 *       {@code targetColumns} (empty: the label column alone) as floating {@code [N, m]}, or a
 *       floating labels array ({@code .npy} labels file, {@code .npz} array) {@code [N]} or
 *       {@code [N, m]}; in the features' dtype. IDX and image folders have class labels only.</li>
 * </ul>
 * Immutable; the {@code with...} methods return modified copies.
 */
public record LoadOptions(Path labels, String labelColumn, String featuresName, String labelsName, long limit,
        ScalarType dtype, boolean regression, List<String> targetColumns) {
    /** Everything by default. */
    public static final LoadOptions DEFAULTS = new LoadOptions(null, CsvReader.DEFAULT_LABEL_COLUMN, null, null, Long.MAX_VALUE,
            ScalarType.Float);

    public LoadOptions {
        targetColumns = targetColumns == null ? List.of() : List.copyOf(targetColumns);
        if (!targetColumns.isEmpty() && !regression) {
            throw new IllegalArgumentException("target columns are read for regression only");
        }
        for (String column : targetColumns) {
            if (column.isEmpty()) {
                throw new IllegalArgumentException("a target column name must not be empty");
            }
        }
        if (new java.util.HashSet<>(targetColumns).size() != targetColumns.size()) {
            throw new IllegalArgumentException("target columns " + targetColumns + " name a column twice");
        }
        if (labelColumn == null || labelColumn.isEmpty()) {
            throw new IllegalArgumentException("the label column name must not be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        FeatureDtypes.require(dtype);
    }

    /** Options for class labels (the form before {@code regression} existed). */
    public LoadOptions(Path labels, String labelColumn, String featuresName, String labelsName, long limit,
            ScalarType dtype) {
        this(labels, labelColumn, featuresName, labelsName, limit, dtype, false, List.of());
    }

    /** Options with float32 features (the form before {@code dtype} existed). */
    public LoadOptions(Path labels, String labelColumn, String featuresName, String labelsName, long limit) {
        this(labels, labelColumn, featuresName, labelsName, limit, ScalarType.Float);
    }

    public LoadOptions withLabels(Path file) {
        return new LoadOptions(file, labelColumn, featuresName, labelsName, limit, dtype, regression, targetColumns);
    }

    public LoadOptions withLabelColumn(String column) {
        return new LoadOptions(labels, column, featuresName, labelsName, limit, dtype, regression, targetColumns);
    }

    public LoadOptions withArrays(String features, String labels) {
        return new LoadOptions(this.labels, labelColumn, features, labels, limit, dtype, regression, targetColumns);
    }

    /**
     * Regression targets instead of class labels: from the CSV columns {@code columns} (empty:
     * the label column alone) or a floating labels array (see the class comment).
     */
    public LoadOptions withRegressionTargets(List<String> columns) {
        return new LoadOptions(labels, labelColumn, featuresName, labelsName, limit, dtype, true, columns);
    }

    /** These options for class labels (regression off, no target columns). */
    public LoadOptions asClassification() {
        return new LoadOptions(labels, labelColumn, featuresName, labelsName, limit, dtype, false, List.of());
    }

    /** The CSV columns regression targets are read from: {@code targetColumns}, or the label column alone. */
    public List<String> regressionColumns() {
        return targetColumns.isEmpty() ? List.of(labelColumn) : targetColumns;
    }

    public LoadOptions withLimit(long k) {
        return new LoadOptions(labels, labelColumn, featuresName, labelsName, k, dtype, regression, targetColumns);
    }

    /**
     * Features stored as {@code type}: {@code ScalarType.Float} (float32) or
     * {@code ScalarType.Double} (float64, e.g. to train with {@code TrainingConfig.dtype(Double)}
     * on the file's exact values).
     */
    public LoadOptions withDtype(ScalarType type) {
        return new LoadOptions(labels, labelColumn, featuresName, labelsName, limit, type, regression, targetColumns);
    }
}
