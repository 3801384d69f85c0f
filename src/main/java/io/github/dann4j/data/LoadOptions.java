package io.github.dann4j.data;

import java.nio.file.Path;
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
 *       exactly); uint8 images (IDX, image folders, {@code |u1} arrays) stay uint8 either way.</li>
 * </ul>
 * Immutable; the {@code with...} methods return modified copies.
 */
public record LoadOptions(Path labels, String labelColumn, String featuresName, String labelsName, long limit,
        ScalarType dtype) {
    /** Everything by default. */
    public static final LoadOptions DEFAULTS = new LoadOptions(null, CsvReader.DEFAULT_LABEL_COLUMN, null, null, Long.MAX_VALUE,
            ScalarType.Float);

    public LoadOptions {
        if (labelColumn == null || labelColumn.isEmpty()) {
            throw new IllegalArgumentException("the label column name must not be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        FeatureDtypes.require(dtype);
    }

    /** Options with float32 features (the form before {@code dtype} existed). */
    public LoadOptions(Path labels, String labelColumn, String featuresName, String labelsName, long limit) {
        this(labels, labelColumn, featuresName, labelsName, limit, ScalarType.Float);
    }

    public LoadOptions withLabels(Path file) {
        return new LoadOptions(file, labelColumn, featuresName, labelsName, limit, dtype);
    }

    public LoadOptions withLabelColumn(String column) {
        return new LoadOptions(labels, column, featuresName, labelsName, limit, dtype);
    }

    public LoadOptions withArrays(String features, String labels) {
        return new LoadOptions(this.labels, labelColumn, features, labels, limit, dtype);
    }

    public LoadOptions withLimit(long k) {
        return new LoadOptions(labels, labelColumn, featuresName, labelsName, k, dtype);
    }

    /**
     * Features stored as {@code type}: {@code ScalarType.Float} (float32) or
     * {@code ScalarType.Double} (float64, e.g. to train with {@code TrainingConfig.dtype(Double)}
     * on the file's exact values).
     */
    public LoadOptions withDtype(ScalarType type) {
        return new LoadOptions(labels, labelColumn, featuresName, labelsName, limit, type);
    }
}
