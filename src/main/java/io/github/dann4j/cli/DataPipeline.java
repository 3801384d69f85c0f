package io.github.dann4j.cli;

import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.Interpolation;
import io.github.dann4j.data.LoadOptions;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.data.Normalization;
import io.github.dann4j.data.Preprocessing;
import java.nio.file.Path;
import java.util.Properties;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine.Option;

/**
 * The data options shared by train, evaluate and predict, and the preprocessing they describe:
 * scale to [0, 1], grey to 3 channels, centre crop, resize, per-channel normalisation (fitted on
 * the training source data and saved with the model, so that every later set gets the same).
 */
final class DataPipeline {
    @Option(names = "--label-column", defaultValue = "label", description = "CSV label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--limit", description = "Read only the first N samples of each data set (quick runs).")
    Long limit;

    @Option(names = "--grey-to-rgb", description = "Repeat a single grey channel three times (e.g. MNIST to meet MNIST-M).")
    boolean greyToRgb;

    @Option(names = "--crop", paramLabel = "HxW", description = "Centre-crop images to H x W (e.g. MNIST-M 32x32 to 28x28).")
    String crop;

    @Option(names = "--resize", paramLabel = "HxW", description = "Resize images to H x W (bilinear).")
    String resize;

    @Option(names = "--normalize", defaultValue = "none",
            description = "Per-channel normalisation fitted on the source training data: none, mean (subtract the mean), standard (mean and std). Default: ${DEFAULT-VALUE}.")
    String normalize;

    /** Set by {@link #fit} or {@link #restore}; applied by {@link #apply}. */
    private Normalization normalization;

    /** Reads a data set; {@code labels} may be null (found beside the data where the format allows). */
    LoadedData load(Path data, Path labels) {
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
        return DataLoaders.load(data, options);
    }

    /** Everything but the normalisation: pixel scaling, channels, crop, resize. Closes {@code data}. */
    LoadedData shape(LoadedData data) {
        LoadedData current = data;
        if (current.features().scalar_type().intern() == ScalarType.Byte) {
            current = replace(current, current.map(Preprocessing::scaleToUnit));
        } else if (!current.features().is_floating_point()) {
            current = replace(current, current.map(x -> x.to(ScalarType.Float)));
        }
        if (greyToRgb) {
            current = replace(current, current.map(Preprocessing::greyToRgb));
        }
        if (crop != null) {
            long[] hw = size(crop, "--crop");
            current = replace(current, current.map(x -> Preprocessing.centreCrop(x, hw[0], hw[1])));
        }
        if (resize != null) {
            long[] hw = size(resize, "--resize");
            current = replace(current, current.map(x -> Preprocessing.resize(x, hw[0], hw[1], Interpolation.BILINEAR)));
        }
        return current;
    }

    /** Fits the normalisation on (shaped) training source data, as --normalize asks. */
    void fit(LoadedData source) {
        switch (normalize) {
            case "none" -> normalization = null;
            case "mean" -> normalization = Normalization.fitMean(source.features());
            case "standard" -> normalization = Normalization.fit(source.features());
            default -> throw new IllegalArgumentException("--normalize must be none, mean or standard, got '" + normalize + "'");
        }
    }

    /** Shapes and normalises {@code data}. Closes {@code data}. */
    LoadedData apply(LoadedData data) {
        return normalize(shape(data));
    }

    /** Normalises already shaped data. Closes {@code data}. */
    LoadedData normalize(LoadedData data) {
        return normalization == null ? data : replace(data, data.map(normalization::apply));
    }

    /** Records this pipeline in a model description. */
    void store(Properties into) {
        into.setProperty("preprocess.grey_to_rgb", Boolean.toString(greyToRgb));
        if (crop != null) {
            into.setProperty("preprocess.crop", crop);
        }
        if (resize != null) {
            into.setProperty("preprocess.resize", resize);
        }
        if (normalization != null) {
            into.putAll(normalization.toProperties());
        }
    }

    /** The pipeline a model was trained with. */
    static DataPipeline restore(Properties from, String labelColumn, Long limit) {
        DataPipeline pipeline = new DataPipeline();
        pipeline.labelColumn = labelColumn;
        pipeline.limit = limit;
        pipeline.greyToRgb = Boolean.parseBoolean(from.getProperty("preprocess.grey_to_rgb", "false"));
        pipeline.crop = from.getProperty("preprocess.crop");
        pipeline.resize = from.getProperty("preprocess.resize");
        pipeline.normalize = from.containsKey(Normalization.MEAN_KEY) ? "restored" : "none";
        pipeline.normalization = from.containsKey(Normalization.MEAN_KEY) ? Normalization.fromProperties(from) : null;
        return pipeline;
    }

    private static LoadedData replace(LoadedData old, LoadedData replacement) {
        old.close();
        return replacement;
    }

    private static long[] size(String text, String option) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                long h = Long.parseLong(parts[0].trim());
                long w = Long.parseLong(parts[1].trim());
                if (h > 0 && w > 0) {
                    return new long[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " must look like 28x28, got '" + text + "'");
    }
}
