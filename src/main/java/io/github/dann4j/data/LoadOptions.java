package io.github.dann4j.data;

import java.nio.file.Path;

/**
 * What {@link DataLoaders#load} needs beyond the path, all optional:
 * <ul>
 *   <li>{@code labels}: the labels file (IDX label file, image folder labels text file, labels
 *       {@code .npy}); by default one is looked for beside the data (see {@link DataLoaders}); CSV
 *       and {@code .npz} data carry their own labels and refuse a labels file;</li>
 *   <li>{@code labelColumn}: the CSV label column (default {@value CsvReader#DEFAULT_LABEL_COLUMN});</li>
 *   <li>{@code featuresName} / {@code labelsName}: the {@code .npz} arrays (default: the first of
 *       {@link NpyReader#FEATURE_NAMES} / {@link NpyReader#LABEL_NAMES} present);</li>
 *   <li>{@code limit}: keep only the first K samples (default: all).</li>
 * </ul>
 * Immutable; the {@code with...} methods return modified copies.
 */
public record LoadOptions(Path labels, String labelColumn, String featuresName, String labelsName, long limit) {
    /** Everything by default. */
    public static final LoadOptions DEFAULTS = new LoadOptions(null, CsvReader.DEFAULT_LABEL_COLUMN, null, null, Long.MAX_VALUE);

    public LoadOptions {
        if (labelColumn == null || labelColumn.isEmpty()) {
            throw new IllegalArgumentException("the label column name must not be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    public LoadOptions withLabels(Path file) {
        return new LoadOptions(file, labelColumn, featuresName, labelsName, limit);
    }

    public LoadOptions withLabelColumn(String column) {
        return new LoadOptions(labels, column, featuresName, labelsName, limit);
    }

    public LoadOptions withArrays(String features, String labels) {
        return new LoadOptions(this.labels, labelColumn, features, labels, limit);
    }

    public LoadOptions withLimit(long k) {
        return new LoadOptions(labels, labelColumn, featuresName, labelsName, k);
    }
}
