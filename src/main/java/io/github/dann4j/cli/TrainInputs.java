package io.github.dann4j.cli;

import io.github.dann4j.data.HeldOutSplit;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import io.github.dann4j.train.TensorDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The data of one train run, read and checked before its first step: the labelled source (or
 * sources, each read and shaped alike; the first is "the source" of the options that take one), the
 * target (with its labels when --target-labels is given, used only to report target accuracy),
 * and the labelled --validation set. Evaluation-only inputs are checked here too, so that a run
 * never trains to the end and then fails on them. Samples are shaped (scaled, channels, crop,
 * resize) but not normalised: the normalisation is fitted on them afterwards.
 */
final class TrainInputs implements AutoCloseable {
    private LoadedData source; // the training part once a split is held out
    private final List<LoadedData> moreSources; // sources 1.. (empty with one --source); never split
    private LoadedData heldOut; // null unless holdOutSource was called
    private final LoadedData target; // null for a source-only run without --target
    private final LoadedData validation; // null without --validation
    private final boolean targetLabelled;
    private final Path validationPath;

    private TrainInputs(LoadedData source, List<LoadedData> moreSources, LoadedData target, LoadedData validation,
            boolean targetLabelled, Path validationPath) {
        this.validationPath = validationPath;
        this.source = source;
        this.moreSources = moreSources;
        this.target = target;
        this.validation = validation;
        this.targetLabelled = targetLabelled;
    }

    /**
     * Reads the sets, CSV and NumPy features as {@code dtype} (the training dtype, so that float64
     * training sees the files' values unrounded); {@code target}, {@code validation} and every
     * labels file may be null.
     *
     * @throws IllegalArgumentException for unlabelled source or validation data, labels that do
     *     not belong to the data, or domains whose samples differ in shape
     */
    static TrainInputs read(DataPipeline pipeline, ScalarType dtype, Path source, Path sourceLabels, Path target,
            Path targetLabels, Path validation, Path validationLabels) {
        return read(pipeline, dtype, List.of(source), java.util.Collections.singletonList(sourceLabels), target,
                targetLabels, validation, validationLabels);
    }

    /**
     * As above with several labelled sources, each with its labels file in {@code sourceLabels}
     * (the same length; an entry may be null: found beside the data). Every source must have the
     * first one's sample shape.
     */
    static TrainInputs read(DataPipeline pipeline, ScalarType dtype, List<Path> sources, List<Path> sourceLabels,
            Path target, Path targetLabels, Path validation, Path validationLabels) {
        if (sources.isEmpty() || sources.size() != sourceLabels.size()) {
            throw new IllegalArgumentException("give one labels file for each source, or none");
        }
        LoadedData s = null;
        List<LoadedData> more = new ArrayList<>();
        LoadedData t = null;
        LoadedData v = null;
        try {
            s = pipeline.shape(pipeline.load(sources.get(0), sourceLabels.get(0), dtype)).requireLabelled("source");
            for (int k = 1; k < sources.size(); k++) {
                LoadedData d = pipeline.shape(pipeline.load(sources.get(k), sourceLabels.get(k), dtype));
                more.add(d);
                d.requireLabelled("source " + k + " (" + sources.get(k) + ")");
                LoadedData.requireSameSampleShape(s, d);
            }
            if (target != null) {
                // Read once, with --target-labels when given: training uses only the features.
                t = pipeline.shape(pipeline.load(target, targetLabels, dtype));
                LoadedData.requireSameSampleShape(s, t);
                if (targetLabels != null) {
                    t.requireLabelled("--target-labels: target");
                }
            }
            if (validation != null) {
                v = pipeline.shape(pipeline.load(validation, validationLabels, dtype)).requireLabelled("--validation");
            }
            return new TrainInputs(s, List.copyOf(more), t, v, targetLabels != null, validation);
        } catch (RuntimeException e) {
            closeAll(s, t, v);
            closeAll(more.toArray(AutoCloseable[]::new));
            throw e;
        }
    }

    /** The labelled source the model trains on (without the held-out split, once there is one). */
    LoadedData source() {
        return source;
    }

    /**
     * Keeps {@code split}'s held-out samples of the source out of training: {@link #source()}
     * becomes the rest, {@link #heldOut()} the held-out part (shaped, not normalised). Call
     * before the pipeline is fitted, so that the normalisation never sees the held-out samples.
     */
    void holdOutSource(HeldOutSplit split) {
        if (heldOut != null) {
            throw new IllegalStateException("the source split is already held out");
        }
        LoadedData held = split.heldOut(source);
        LoadedData rest;
        try {
            rest = split.training(source);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
        source.close();
        source = rest;
        heldOut = held;
    }

    /** Every labelled source in the order given, the first without its held-out split (shaped, not normalised). */
    List<LoadedData> sources() {
        List<LoadedData> all = new ArrayList<>();
        all.add(source);
        all.addAll(moreSources);
        return all;
    }

    /** The held-out labelled source (shaped, not normalised), or null. */
    LoadedData heldOut() {
        return heldOut;
    }

    /** The target's training data, or null. */
    LoadedData target() {
        return target;
    }

    /**
     * Checks the evaluation-only sets against the model about to be trained: --validation's
     * samples have its input shape, and their labels and --target-labels' are among its classes.
     */
    void requireFits(DannModel model) {
        if (targetLabelled) {
            requireLabelsFit(target, model, "--target-labels");
        }
        if (validation != null) {
            model.requireInputShape(validation.sampleShape(), "--validation " + validationPath);
            requireLabelsFit(validation, model, "--validation " + validationPath);
        }
    }

    /** Class labels among the model's classes, or as many regression targets a sample as it predicts. */
    private static void requireLabelsFit(LoadedData data, DannModel model, String what) {
        if (model.task() != Task.REGRESSION) {
            data.requireLabelsBelow(model.classes());
        } else if (data.targetWidth() != model.classes()) {
            throw new IllegalArgumentException(what + " has " + data.targetWidth() + " regression targets per sample but the"
                    + " model predicts " + model.classes());
        }
    }

    /** The sets as normalised datasets for training and evaluation (the pipeline must be fitted). */
    Datasets datasets(DataPipeline pipeline) {
        List<TensorDataset> sources = new ArrayList<>();
        TensorDataset t = null;
        TensorDataset v = null;
        try (LoadedData normalizedTarget = target == null ? null : pipeline.normalize(copy(target));
                LoadedData normalizedValidation = validation == null ? null : pipeline.normalize(copy(validation));
                LoadedData normalizedHeldOut = heldOut == null ? null : pipeline.normalizeSource(copy(heldOut))) {
            List<LoadedData> all = sources();
            for (int k = 0; k < all.size(); k++) {
                try (LoadedData normalized = pipeline.normalizeSource(k, copy(all.get(k)))) {
                    sources.add(normalized.toDataset());
                }
            }
            t = normalizedTarget == null ? null : normalizedTarget.toDataset();
            v = normalizedValidation == null ? null : normalizedValidation.toDataset();
            TensorDataset h = normalizedHeldOut == null ? null : normalizedHeldOut.toDataset();
            return new Datasets(List.copyOf(sources), t, v, h, targetLabelled);
        } catch (RuntimeException e) {
            closeAll(sources.toArray(AutoCloseable[]::new));
            closeAll(t, v);
            throw e;
        }
    }

    /**
     * Normalised datasets: the sources (the first without its held-out split), target (null
     * without --target), validation (null without --validation), the held-out source (null
     * without --hold-out-source, normalised as the training source is); {@code targetLabelled}:
     * the target has --target-labels to be scored on.
     */
    record Datasets(List<TensorDataset> sources, TensorDataset target, TensorDataset validation, TensorDataset heldOut,
            boolean targetLabelled) implements AutoCloseable {
        /** The first source (the only one of a run with one --source). */
        TensorDataset source() {
            return sources.get(0);
        }

        @Override
        public void close() {
            closeAll(sources.toArray(AutoCloseable[]::new));
            closeAll(target, validation, heldOut);
        }
    }

    private static LoadedData copy(LoadedData data) {
        return data.map(x -> x);
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Override
    public void close() {
        closeAll(moreSources.toArray(AutoCloseable[]::new));
        closeAll(source, target, validation, heldOut);
    }
}
