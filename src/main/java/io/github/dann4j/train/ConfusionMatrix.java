package io.github.dann4j.train;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * How a model's predictions on a labelled set fall: accuracy, per-class accuracy and, for up to
 * {@value #MAX_MATRIX_CLASSES} classes, the full confusion matrix (rows: true class, columns:
 * predicted class). Memory is linear in the classes past that bound: a 10,000-class model is
 * scored without a 10,000 × 10,000 matrix.
 */
public final class ConfusionMatrix {
    /** The most classes for which the full matrix is kept (its memory grows with classes squared). */
    public static final int MAX_MATRIX_CLASSES = 256;

    private final int classes;
    private final long[] support;
    private final long[] correct;
    private final long[] matrix; // classes × classes, row-major, or null past MAX_MATRIX_CLASSES
    private long total;

    private ConfusionMatrix(int classes) {
        this.classes = classes;
        this.support = new long[classes];
        this.correct = new long[classes];
        this.matrix = classes <= MAX_MATRIX_CLASSES ? new long[classes * classes] : null;
    }

    /**
     * Scores {@code model} on {@code labelled}; no gradients are recorded.
     *
     * @throws IllegalArgumentException for an unlabelled set, a batch size below 1, or a label
     *     outside {@code 0 .. model.classes() - 1}
     */
    public static ConfusionMatrix of(DannModel model, TensorDataset labelled, int batchSize, Device device, ScalarType dtype) {
        if (!labelled.isLabelled()) {
            throw new IllegalArgumentException("a confusion matrix needs a labelled dataset");
        }
        Evaluation.requireBatchSize(batchSize);
        model.requireInputShape(labelled.sampleShape(), "the data");
        Evaluation.requireLabelsInRange(labelled, model.classes());
        if (model.classes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a model with " + model.classes() + " classes is too large to score");
        }
        ConfusionMatrix result = new ConfusionMatrix((int) model.classes());
        boolean training = model.isTraining(); // restored after: a model in evaluation mode stays in it
        model.train(false);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            for (long start = 0; start < labelled.size(); start += batchSize) {
                try (PointerScope scope = new PointerScope()) {
                    long[] indices = labelled.batchIndices(start, batchSize);
                    long[] predicted = Tensors.toLongs(model.predictLogits(labelled.featureBatch(indices, device, dtype))
                            .argmax(new LongOptional(1), false));
                    long[] truth = Tensors.toLongs(labelled.labelBatch(indices, device));
                    for (int i = 0; i < indices.length; i++) {
                        result.add((int) truth[i], (int) predicted[i]);
                    }
                }
            }
        } finally {
            model.train(training);
        }
        return result;
    }

    private void add(int truth, int predicted) {
        support[truth]++;
        total++;
        if (truth == predicted) {
            correct[truth]++;
        }
        if (matrix != null) {
            matrix[truth * classes + predicted]++;
        }
    }

    public int classes() {
        return classes;
    }

    /** Samples scored. */
    public long total() {
        return total;
    }

    /** Samples whose prediction equals the label. */
    public long correct() {
        long sum = 0;
        for (long c : correct) {
            sum += c;
        }
        return sum;
    }

    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct() / total;
    }

    /** Samples of true class {@code c}. */
    public long support(int c) {
        return support[c];
    }

    /** Accuracy on class {@code c}, NaN when it has no samples. */
    public double classAccuracy(int c) {
        return support[c] == 0 ? Double.NaN : (double) correct[c] / support[c];
    }

    /** Whether the full matrix was kept (at most {@value #MAX_MATRIX_CLASSES} classes). */
    public boolean hasMatrix() {
        return matrix != null;
    }

    /**
     * Samples of true class {@code truth} predicted as {@code predicted}.
     *
     * @throws IllegalStateException past {@value #MAX_MATRIX_CLASSES} classes (see {@link #hasMatrix()})
     */
    public long count(int truth, int predicted) {
        if (matrix == null) {
            throw new IllegalStateException("the full matrix is kept only for up to " + MAX_MATRIX_CLASSES + " classes, this"
                    + " model has " + classes);
        }
        return matrix[truth * classes + predicted];
    }
}
