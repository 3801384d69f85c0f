package io.github.dann4j.cli;

import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.LoadOptions;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.data.Normalization;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.nn.Task;
import java.nio.file.Path;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine.Option;

/**
 * The data options shared by train, evaluate and predict, and the preprocessing they describe:
 * scale to [0, 1], grey to 3 channels, centre crop, resize, per-channel normalisation (fitted on
 * training data, by default the source's, and saved with the model, so that every later set gets
 * the same; with --normalize-on each the source is normalised by its own statistics in training
 * and everything else by the target's).
 */
final class DataPipeline {
    @Option(names = "--label-column", defaultValue = "label", description = "CSV label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--limit", description = "Read only the first N samples of each data set (quick runs).")
    Long limit;

    @Option(names = "--target-columns", split = ",", paramLabel = "Y1,Y2", description = "With --task regression: the CSV"
            + " columns holding the continuous targets, in order (default: the --label-column alone); every other column"
            + " is a feature.")
    java.util.List<String> targetColumns;

    /** Set by train's --task: regression reads continuous targets instead of class labels. */
    Task task = Task.CLASSIFICATION;

    @Option(names = "--grey-to-rgb", description = "Repeat a single grey channel three times (e.g. MNIST to meet MNIST-M).")
    boolean greyToRgb;

    @Option(names = "--crop", paramLabel = "HxW", description = "Centre-crop images to H x W (e.g. MNIST-M 32x32 to 28x28).")
    String crop;

    @Option(names = "--resize", paramLabel = "HxW", description = "Resize images to H x W (bilinear).")
    String resize;

    @Option(names = "--normalize", defaultValue = "none",
            description = "Per-channel normalisation, fitted on the training data --normalize-on names: none, mean (subtract the mean), standard (mean and std). Default: ${DEFAULT-VALUE}.")
    String normalize;

    @Option(names = "--normalize-on", defaultValue = "source",
            description = "Data the normalisation is fitted on: source (the source training data, every --source together,"
                    + " applied to every set), pooled (source and target training data together, applied to every set)"
                    + " or each (each domain, each --source too, by its own training data; the model keeps the target's). pooled and each read --target's"
                    + " images, never its labels. Default: ${DEFAULT-VALUE}.")
    String normalizeOn;

    /** Set by {@link #fit} or {@link #restore}; applied by {@link #normalize}: the target domain's. */
    private Normalization normalization;
    /** Each source domain's; differs from {@link #normalization} only with --normalize-on each. */
    private java.util.List<Normalization> sourceNormalizations = java.util.List.of();

    /**
     * Reads a data set with CSV and NumPy features as {@code dtype} (float32 or float64: train
     * --dtype float64 reads them without rounding to float32); images stay uint8 until shaped.
     */
    LoadedData load(Path data, Path labels, ScalarType dtype) {
        return DataLoaders.load(data, loadOptions(dtype).withLabels(labels));
    }

    /** --label-column, --limit, --target-columns and the task, as load options in {@code dtype}. */
    private LoadOptions loadOptions(ScalarType dtype) {
        if (targetColumns != null && task != Task.REGRESSION) {
            throw new IllegalArgumentException("--target-columns is for --task regression");
        }
        return regression(loadOptions(labelColumn, limit, null).withDtype(dtype), task, targetColumns);
    }

    /** {@code options} reading regression targets from {@code columns} (null: the label column) when {@code task} regresses. */
    static LoadOptions regression(LoadOptions options, Task task, java.util.List<String> columns) {
        return task == Task.REGRESSION ? options.withRegressionTargets(columns == null ? java.util.List.of() : columns)
                : options;
    }

    /** --label-column, --limit (null: all) and a labels file (null: found beside the data) as load options. */
    static LoadOptions loadOptions(String labelColumn, Long limit, Path labels) {
        LoadOptions options = LoadOptions.DEFAULTS.withLabelColumn(labelColumn);
        if (labels != null) {
            options = options.withLabels(labels);
        }
        if (limit != null) {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
            }
            options = options.withLimit(limit);
        }
        return options;
    }

    /** The files {@link #load} reads for {@code data}, including labels found beside it (see {@link DataLoaders#inputs}). */
    java.util.List<Path> inputs(Path data, Path labels) {
        LoadOptions options = loadOptions(ScalarType.Float);
        return DataLoaders.inputs(data, labels != null ? options.withLabels(labels) : options);
    }

    /** Everything but the normalisation: pixel scaling, channels, crop, resize. Closes {@code data}. */
    LoadedData shape(LoadedData data) {
        Preprocessor shaping = shaping();
        return replace(data, data.map(shaping::shape));
    }

    /** The pixel scaling, channels, crop and resize these options ask for. */
    private Preprocessor shaping() {
        Preprocessor p = Preprocessor.none();
        if (greyToRgb) {
            p = p.greyToRgb();
        }
        if (crop != null) {
            long[] hw = Preprocessor.parseSize(crop, "--crop");
            p = p.crop(hw[0], hw[1]);
        }
        if (resize != null) {
            long[] hw = Preprocessor.parseSize(resize, "--resize");
            p = p.resize(hw[0], hw[1]);
        }
        return p;
    }

    /**
     * The whole preprocessing, to save with the model: with --normalize-on each the target's
     * normalisation (the model is meant for the target domain). Call after {@link #fit}.
     */
    Preprocessor preprocessor() {
        Preprocessor p = shaping();
        return normalization == null ? p : p.normalize(normalization, normalizeOn);
    }

    /**
     * Fits the normalisation on shaped training data, as --normalize and --normalize-on ask;
     * {@code target} (unlabelled) may be null only with --normalize-on source.
     */
    void fit(LoadedData source, LoadedData target) {
        fit(java.util.List.of(source), target);
    }

    /**
     * As {@link #fit(LoadedData, LoadedData)} with several sources: source and pooled fit on
     * the sources' samples together (and the target's, pooled), each fits each source on its own.
     */
    void fit(java.util.List<LoadedData> sources, LoadedData target) {
        LoadedData source = sources.get(0);
        LoadedData[] moreSources = sources.subList(1, sources.size()).toArray(LoadedData[]::new);
        if (!normalizeOn.equals("source") && !normalizeOn.equals("pooled") && !normalizeOn.equals("each")) {
            throw new IllegalArgumentException("--normalize-on must be source, pooled or each, got '" + normalizeOn + "'");
        }
        if (!normalizeOn.equals("source") && normalize.equals("none")) {
            throw new IllegalArgumentException("--normalize-on " + normalizeOn + " needs --normalize mean or standard");
        }
        if (!normalizeOn.equals("source") && target == null) {
            throw new IllegalArgumentException("--normalize-on " + normalizeOn
                    + " fits on the target's training images: give --target (with --source-only its images are read for this only)");
        }
        if (!normalize.equals("none") && !normalize.equals("mean") && !normalize.equals("standard")) {
            throw new IllegalArgumentException("--normalize must be none, mean or standard, got '" + normalize + "'");
        }
        if (normalize.equals("none")) {
            normalization = null;
            sourceNormalizations = java.util.List.of();
            return;
        }
        boolean withStd = normalize.equals("standard");
        LoadedData[] sourcesAndTarget = java.util.Arrays.copyOf(moreSources, moreSources.length + 1);
        sourcesAndTarget[moreSources.length] = target;
        switch (normalizeOn) {
            case "pooled" -> normalization = fitOn(withStd, source, sourcesAndTarget);
            case "each" -> normalization = fitOn(withStd, target);
            default -> normalization = fitOn(withStd, source, moreSources);
        }
        java.util.List<Normalization> each = new java.util.ArrayList<>();
        for (LoadedData s : sources) {
            each.add(normalizeOn.equals("each") ? fitOn(withStd, s) : normalization);
        }
        sourceNormalizations = java.util.List.copyOf(each);
    }

    private static Normalization fitOn(boolean withStd, LoadedData first, LoadedData... more) {
        org.bytedeco.pytorch.Tensor[] others = new org.bytedeco.pytorch.Tensor[more.length];
        for (int i = 0; i < more.length; i++) {
            others[i] = more[i].features();
        }
        return withStd ? Normalization.fit(first.features(), others) : Normalization.fitMean(first.features(), others);
    }

    /** Normalises already shaped data of the (first) source domain (training source). Closes {@code data}. */
    LoadedData normalizeSource(LoadedData data) {
        return normalizeSource(0, data);
    }

    /** Normalises already shaped data of source domain {@code k}. Closes {@code data}. */
    LoadedData normalizeSource(int k, LoadedData data) {
        if (sourceNormalizations.isEmpty()) {
            return data;
        }
        Normalization n = sourceNormalizations.get(k);
        return replace(data, data.map(n::apply));
    }

    /** Normalises already shaped target-domain data (target, validation, anything after training). Closes {@code data}. */
    LoadedData normalize(LoadedData data) {
        return normalization == null ? data : replace(data, data.map(normalization::apply));
    }

    private static LoadedData replace(LoadedData old, LoadedData replacement) {
        old.close();
        return replacement;
    }
}
