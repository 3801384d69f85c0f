package io.github.dann4j.select;

import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The data every candidate model is scored on, read once and shared: the unlabelled target and,
 * optionally, labelled held-out source data, raw as loaded (each model applies its own
 * preprocessing in {@link ModelOutputs#compute}).
 *
 * <ul>
 *   <li>Bounded: each set is cut to at most {@code maxSamples} evenly spaced samples (indices
 *       {@code floor(i·N/m)}; deterministic, no random generator), so MNIST-M-sized data keeps
 *       memory and time bounded. {@link #DEFAULT_MAX_SAMPLES}.
 *   <li>The source is split in two alternating halves: samples 0, 2, 4, ... of the (subsampled)
 *       source are the "train" half, whose features DEV's domain classifier learns from; samples
 *       1, 3, 5, ... are the "validation" half, on which source accuracy and DEV's weighted loss
 *       are measured. A model never saw either half if the file is held out from its training.
 *   <li>Target labels are never read: only the target's features are kept, whatever the
 *       {@link LoadedData} carries.
 * </ul>
 *
 * Owns its tensors; {@link #close()} frees them.
 */
public final class SelectionData implements AutoCloseable {
    /** The default bound on samples per set. */
    public static final int DEFAULT_MAX_SAMPLES = 10_000;

    private final LoadedData target;
    private final LoadedData sourceTrain;
    private final LoadedData sourceValidation;
    private final int[] targetIndices;
    private final String targetName;
    private final String sourceName;

    private SelectionData(LoadedData target, int[] targetIndices, LoadedData sourceTrain, LoadedData sourceValidation,
            String targetName, String sourceName) {
        this.target = target;
        this.targetIndices = targetIndices;
        this.sourceTrain = sourceTrain;
        this.sourceValidation = sourceValidation;
        this.targetName = targetName;
        this.sourceName = sourceName;
    }

    /**
     * @param target     the unlabelled target (its labels, if any, are dropped unread)
     * @param source     labelled held-out source data with at least 2 samples, or null
     * @param maxSamples the most samples kept per set (at least 2)
     * @throws IllegalArgumentException for unlabelled source data or fewer than 2 source samples
     *     (the sample shapes are the models' to check: each brings both sets to its input shape)
     */
    public static SelectionData of(LoadedData target, LoadedData source, int maxSamples) {
        if (target == null) {
            throw new IllegalArgumentException("the target data is null");
        }
        if (maxSamples < 2) {
            throw new IllegalArgumentException("maxSamples must be at least 2, got " + maxSamples);
        }
        if (source != null) {
            source.requireLabelled("held-out source");
            if (source.size() < 2) {
                throw new IllegalArgumentException(source.origin() + ": the held-out source needs at least 2 samples"
                        + " (one for each half)");
            }
        }
        LoadedData t = null;
        LoadedData train = null;
        LoadedData validation = null;
        try (PointerScope scope = new PointerScope()) {
            int[] kept = Matrices.evenlySpaced(Math.toIntExact(target.size()), maxSamples);
            t = LoadedData.of(select(target.features(), kept, 0, 1), null, target.origin());
            if (source != null) {
                int[] s = Matrices.evenlySpaced(Math.toIntExact(source.size()), maxSamples);
                train = LoadedData.of(select(source.features(), s, 0, 2), select(source.labels(), s, 0, 2), source.origin());
                validation = LoadedData.of(select(source.features(), s, 1, 2), select(source.labels(), s, 1, 2),
                        source.origin());
            }
            return new SelectionData(t, kept, train, validation, "--target " + target.origin(),
                    source == null ? null : "--source " + source.origin());
        } catch (RuntimeException e) {
            for (LoadedData d : new LoadedData[] {t, train, validation}) {
                if (d != null) {
                    d.close();
                }
            }
            throw e;
        }
    }

    /** Rows {@code indices[first], indices[first + step], ...} of {@code x}. */
    private static Tensor select(Tensor x, int[] indices, int first, int step) {
        TensorChecks.requireUsable(x, "data");
        long[] rows = new long[(indices.length - first + step - 1) / step];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = indices[first + i * step];
        }
        return torch.index_select(x, 0, Tensors.fromLongs(rows));
    }

    /** The kept target samples, raw {@code [N_t, ...]} (owned by this object). */
    public Tensor target() {
        return target.features();
    }

    /**
     * Which samples of the target given to {@link #of} were kept, in order (row k of
     * {@link #target()} is sample {@code targetIndices()[k]}): to line up target labels kept
     * elsewhere, for comparison only.
     */
    public int[] targetIndices() {
        return targetIndices.clone();
    }

    /** Whether held-out source data is present. */
    public boolean hasSource() {
        return sourceValidation != null;
    }

    /** The source's "train" half (even positions), raw, or null. */
    public Tensor sourceTrain() {
        return sourceTrain == null ? null : sourceTrain.features();
    }

    /** The source's "validation" half (odd positions), raw, or null. */
    public Tensor sourceValidation() {
        return sourceValidation == null ? null : sourceValidation.features();
    }

    /** The validation half's labels, or null. */
    public int[] sourceValidationLabels() {
        if (sourceValidation == null) {
            return null;
        }
        long[] labels;
        try (PointerScope scope = new PointerScope()) {
            labels = Tensors.toLongs(sourceValidation.labels());
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = Math.toIntExact(labels[i]);
        }
        return out;
    }

    /** How messages name the target, e.g. {@code "--target t.csv"}. */
    public String targetName() {
        return targetName;
    }

    /** How messages name the source, or null. */
    public String sourceName() {
        return sourceName;
    }

    @Override
    public void close() {
        target.close();
        if (sourceTrain != null) {
            sourceTrain.close();
            sourceValidation.close();
        }
    }
}
