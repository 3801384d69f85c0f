package io.github.dann4j.select;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.TrainedModel;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * What the validators read from one model, computed once and shared by all of them: its class
 * logits {@code [N_t][C]} and features {@code [N_t][d]} (the feature extractor's output, the
 * input of both heads) on unlabelled target data; optionally its logits, features and the labels
 * of held-out labelled source data (the "validation" half: {@code source-accuracy}, {@code dev},
 * {@code pad}); optionally its features of a second source set (the "train" half: DEV's domain
 * classifier, {@code pad}). Target labels have no place here.
 *
 * <p>Plain Java arrays (float64), so an instance holds no native memory and may be shared; the
 * arrays are not copied: do not change them afterwards.
 */
public final class ModelOutputs {
    private final double[][] targetLogits;
    private final double[][] targetFeatures;
    private final double[][] sourceLogits;
    private final double[][] sourceFeatures;
    private final int[] sourceLabels;
    private final double[][] sourceTrainFeatures;

    private ModelOutputs(double[][] targetLogits, double[][] targetFeatures, double[][] sourceLogits,
            double[][] sourceFeatures, int[] sourceLabels, double[][] sourceTrainFeatures) {
        this.targetLogits = targetLogits;
        this.targetFeatures = targetFeatures;
        this.sourceLogits = sourceLogits;
        this.sourceFeatures = sourceFeatures;
        this.sourceLabels = sourceLabels;
        this.sourceTrainFeatures = sourceTrainFeatures;
    }

    /**
     * A model's outputs on the target: logits {@code [N][C]} and features {@code [N][d]}, one row a
     * sample, the same N.
     *
     * @throws IllegalArgumentException for ragged, empty or non-finite arrays, or different N
     */
    public static ModelOutputs ofTarget(double[][] logits, double[][] features) {
        Matrices.requireMatrix(logits, "the target logits", -1);
        Matrices.requireMatrix(features, "the target features", -1);
        requireRows(features, logits.length, "the target features");
        return new ModelOutputs(logits, features, null, null, null, null);
    }

    /**
     * With labelled held-out source data: the model's logits {@code [M][C]} and features
     * {@code [M][d]} of it and its labels {@code [M]} (each in {@code 0..C-1}).
     */
    public ModelOutputs withSource(double[][] logits, double[][] features, int[] labels) {
        Matrices.requireMatrix(logits, "the source logits", classes());
        Matrices.requireMatrix(features, "the source features", featureSize());
        requireRows(features, logits.length, "the source features");
        if (labels == null || labels.length != logits.length) {
            throw new IllegalArgumentException("the source has " + logits.length + " logit rows but "
                    + (labels == null ? "no" : labels.length) + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes()) {
                throw new IllegalArgumentException("source label " + labels[i] + " of sample " + i
                        + " is out of range for " + classes() + " classes");
            }
        }
        return new ModelOutputs(targetLogits, targetFeatures, logits, features, labels, sourceTrainFeatures);
    }

    /** With the model's features {@code [K][d]} of a second source set, for DEV's domain classifier. */
    public ModelOutputs withSourceTrain(double[][] features) {
        Matrices.requireMatrix(features, "the source-train features", featureSize());
        return new ModelOutputs(targetLogits, targetFeatures, sourceLogits, sourceFeatures, sourceLabels, features);
    }

    /**
     * Runs {@code model} once over {@code data}'s target (and source halves, when it has them),
     * {@code batchSize} samples at a time, after the model's own preprocessing (so one
     * {@link SelectionData} serves models of different normalisations).
     *
     * @throws IllegalArgumentException for a regression model, data of another sample shape than the
     *     model takes, or source labels outside its classes
     */
    public static ModelOutputs compute(TrainedModel model, SelectionData data, int batchSize) {
        if (model.description().task() == io.github.dann4j.nn.Task.REGRESSION) {
            throw new IllegalArgumentException("the label-free validators score class predictions; this is a regression"
                    + " model (" + model.description().architecture() + ")");
        }
        PredictOptions options = PredictOptions.DEFAULTS.withBatchSize(batchSize);
        double[][] tf = model.features(Inputs.raw(data.target(), data.targetName()), options);
        ModelOutputs outputs = ofTarget(logits(model, tf, batchSize), tf);
        if (data.hasSource()) {
            double[][] sf = model.features(Inputs.raw(data.sourceValidation(), data.sourceName()), options);
            double[][] trainFeatures = model.features(Inputs.raw(data.sourceTrain(), data.sourceName()), options);
            outputs = outputs.withSource(logits(model, sf, batchSize), sf, data.sourceValidationLabels())
                    .withSourceTrain(trainFeatures);
        }
        return outputs;
    }

    /** The class head on features already computed (a float32 model's features are exact as doubles). */
    private static double[][] logits(TrainedModel model, double[][] features, int batchSize) {
        return model.withNetwork(network -> {
            Device device = new Device(model.deviceName());
            try {
                double[][] out = new double[features.length][];
                try (NoGradGuard noGrad = new NoGradGuard()) {
                    for (int start = 0; start < features.length; start += batchSize) {
                        int count = Math.min(batchSize, features.length - start);
                        try (PointerScope scope = new PointerScope()) {
                            double[][] batch = java.util.Arrays.copyOfRange(features, start, start + count);
                            Tensor f = Matrices.tensor(batch).to(device, model.description().dtype());
                            double[] values = Tensors.toDoubles(network.classLogits(f));
                            int c = values.length / count;
                            for (int i = 0; i < count; i++) {
                                out[start + i] = java.util.Arrays.copyOfRange(values, i * c, (i + 1) * c);
                            }
                        }
                    }
                }
                return out;
            } finally {
                device.close();
            }
        });
    }

    private static void requireRows(double[][] m, int rows, String what) {
        if (m.length != rows) {
            throw new IllegalArgumentException(what + " have " + m.length + " rows; the logits have " + rows);
        }
    }

    /** Logits of the target {@code [N_t][C]}. */
    public double[][] targetLogits() {
        return targetLogits;
    }

    /** Features of the target {@code [N_t][d]}. */
    public double[][] targetFeatures() {
        return targetFeatures;
    }

    /** Whether labelled held-out source data is present. */
    public boolean hasSource() {
        return sourceLogits != null;
    }

    /** Whether source-train features are present (DEV's domain classifier). */
    public boolean hasSourceTrain() {
        return sourceTrainFeatures != null;
    }

    /** Logits of the held-out source {@code [M][C]}, or null. */
    public double[][] sourceLogits() {
        return sourceLogits;
    }

    /** Features of the held-out source {@code [M][d]}, or null. */
    public double[][] sourceFeatures() {
        return sourceFeatures;
    }

    /** Labels of the held-out source {@code [M]}, or null. */
    public int[] sourceLabels() {
        return sourceLabels;
    }

    /** Features of the source-train set {@code [K][d]}, or null. */
    public double[][] sourceTrainFeatures() {
        return sourceTrainFeatures;
    }

    /** The number of classes C. */
    public int classes() {
        return targetLogits[0].length;
    }

    /** The feature width d. */
    public int featureSize() {
        return targetFeatures[0].length;
    }

    /** Refuses outputs without labelled source data: "{@code validator} needs labelled source data". */
    void requireSource(String validator) {
        if (!hasSource()) {
            throw new IllegalArgumentException(validator + " needs labelled source data (ModelOutputs.withSource; --source)");
        }
    }

    /** Refuses outputs without source-train features. */
    void requireSourceTrain(String validator) {
        if (!hasSourceTrain()) {
            throw new IllegalArgumentException(validator + " needs source-train features for its domain classifier"
                    + " (ModelOutputs.withSourceTrain; --source)");
        }
    }
}
