package io.github.dann4j.train;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.runtime.Limits;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Samples held in memory: features {@code [N, ...]} (any floating or integer dtype; converted to
 * the training dtype per batch) and, for labelled data, int64 class labels {@code [N]}
 * ({@link #labelled}) or floating regression targets {@code [N, m]} ({@link #regression}).
 *
 * <p>The dataset holds its own references to the tensors (so a caller's PointerScope closing does
 * not free them) and releases them on {@link #close()}.
 */
public final class TensorDataset implements AutoCloseable {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private final Tensor features;
    private final Tensor labels; // null when unlabelled; int64 [N], or floating [N, m] for regression
    private final long size;

    private TensorDataset(Tensor features, Tensor labels) {
        this(features, labels, false);
    }

    private TensorDataset(Tensor features, Tensor labels, boolean regression) {
        TensorChecks.requireUsable(features, "features");
        if (features.dim() < 1 || features.size(0) == 0) {
            throw new IllegalArgumentException("dataset is empty: features " + TensorChecks.describe(features));
        }
        this.size = features.size(0);
        if (labels != null) {
            TensorChecks.requireUsable(labels, regression ? "targets" : "labels");
        }
        if (regression) {
            labels = RegressionTargets.check(labels, size);
        } else if (labels != null) {
            if (labels.dim() != 1 || labels.size(0) != size) {
                throw new IllegalArgumentException("labels must have shape [" + size + "] to match the features; got labels "
                        + TensorChecks.describe(labels));
            }
            if (labels.is_floating_point()) {
                throw new IllegalArgumentException("labels must be integers, got labels " + TensorChecks.describe(labels));
            }
        }
        try (PointerScope scope = new PointerScope()) {
            if (features.is_floating_point() && !torch.isfinite(features).all().item_bool()) {
                throw new IllegalArgumentException("features contain NaN or infinite values");
            }
        }
        this.features = new Tensor(features);
        this.labels = labels == null ? null : new Tensor(regression ? labels : labels.to(ScalarType.Long));
        // Our own handles outlive any PointerScope the caller created them in.
        this.features.retainReference();
        if (this.labels != null) {
            this.labels.retainReference();
        }
    }

    /** Labelled data: features {@code [N, ...]}, integer labels {@code [N]}. */
    public static TensorDataset labelled(Tensor features, Tensor labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels tensor is null; use unlabelled(...) for target data");
        }
        return new TensorDataset(features, labels);
    }

    /**
     * Data for regression: features {@code [N, ...]} and floating targets {@code [N, m]} (m values
     * per sample; {@code [N]} is read as {@code [N, 1]}), kept in their own dtype and converted to
     * the training dtype per batch.
     *
     * @throws IllegalArgumentException for integer targets, another N than the features', or a
     *     NaN or infinite target (naming its sample)
     */
    public static TensorDataset regression(Tensor features, Tensor targets) {
        if (targets == null) {
            throw new IllegalArgumentException("targets tensor is null; use unlabelled(...) for target-domain data");
        }
        return new TensorDataset(features, targets, true);
    }

    /**
     * Regression data from Java arrays: {@code features[i]} is sample i (float32 {@code [N, d]}),
     * {@code targets[i]} its m values (float64 {@code [N, m]}, every row the same length).
     */
    public static TensorDataset regression(double[][] features, double[][] targets) {
        if (targets == null || targets.length == 0) {
            throw new IllegalArgumentException("targets array is null or empty");
        }
        if (features != null && targets.length != features.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + targets.length + " target rows");
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor x = matrix(features);
            int m = targets[0] == null ? 0 : targets[0].length;
            double[] flat = new double[Math.multiplyExact(targets.length, Math.max(m, 1))];
            for (int i = 0; i < targets.length; i++) {
                if (targets[i] == null || targets[i].length != m || m == 0) {
                    throw new IllegalArgumentException("target row " + i + " has " + (targets[i] == null ? 0 : targets[i].length)
                            + " values but row 0 has " + m + (m == 0 ? " (at least 1 is needed)" : ""));
                }
                System.arraycopy(targets[i], 0, flat, i * m, m);
            }
            return new TensorDataset(x, Tensors.fromDoubles(flat, ScalarType.Double, targets.length, m), true);
        }
    }

    /** Unlabelled data: features {@code [N, ...]}. */
    public static TensorDataset unlabelled(Tensor features) {
        return new TensorDataset(features, null);
    }

    /**
     * Labelled data from Java arrays: {@code features[i]} is sample i (all rows the same length
     * d, stored as float32 {@code [N, d]}), {@code labels[i]} its class.
     */
    public static TensorDataset labelled(double[][] features, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels array is null");
        }
        if (features != null && labels.length != features.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
        }
        long[] asLongs = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            asLongs[i] = labels[i];
        }
        try (PointerScope scope = new PointerScope()) {
            return new TensorDataset(matrix(features), Tensors.fromLongs(asLongs));
        }
    }

    /** Unlabelled data from Java arrays: {@code features[i]} is sample i, stored as float32 {@code [N, d]}. */
    public static TensorDataset unlabelled(double[][] features) {
        try (PointerScope scope = new PointerScope()) {
            return new TensorDataset(matrix(features), null);
        }
    }

    private static Tensor matrix(double[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("dataset is empty: no feature rows");
        }
        int width = rows[0] == null ? 0 : rows[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("feature row 0 is empty");
        }
        double[] flat = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != width) {
                throw new IllegalArgumentException("feature row " + i + " has " + (rows[i] == null ? 0 : rows[i].length)
                        + " values but row 0 has " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return Tensors.fromDoubles(flat, ScalarType.Float, rows.length, width);
    }

    public long size() {
        return size;
    }

    /** Whether the data has class labels or regression targets. */
    public boolean isLabelled() {
        return labels != null;
    }

    /** Whether the labels are floating regression targets {@code [N, m]} ({@link #regression}). */
    public boolean isRegression() {
        return labels != null && labels.is_floating_point();
    }

    /** m, the number of values per sample of regression targets; 0 for class labels or unlabelled data. */
    public long targetWidth() {
        return isRegression() ? labels.size(1) : 0;
    }

    /** The shape of one sample, e.g. {@code [3, 28, 28]}. */
    public long[] sampleShape() {
        long[] shape = TensorChecks.shape(features);
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    public Tensor features() {
        return features;
    }

    public Tensor labels() {
        return labels;
    }

    /** Smallest and largest label; requires class labels. */
    long[] labelRange() {
        if (isRegression()) {
            throw new IllegalStateException("this dataset has regression targets, not class labels");
        }
        try (PointerScope scope = new PointerScope()) {
            return new long[] {labels.min().item_long(), labels.max().item_long()};
        }
    }

    /**
     * Bytes of the features of one training batch of {@code batchSize} samples in {@code dtype}
     * (batches may be larger than the set: sampling cycles), {@link Long#MAX_VALUE} on overflow.
     */
    public long batchBytes(long batchSize, ScalarType dtype) {
        long itemSize = dtype.intern() == ScalarType.Double || dtype.intern() == ScalarType.Long ? 8
                : dtype.intern() == ScalarType.Byte ? 1 : 4;
        return Limits.times(Limits.times(batchSize, Limits.product(sampleShape())), itemSize);
    }

    /**
     * Refuses a batch whose features would pass {@link Limits#memoryBytes()}: a batch size of
     * 2147483647 is one line, not an {@code OutOfMemoryError}.
     *
     * @param what names the batch in the message, e.g. "--batch-size 2147483647"
     */
    public void requireBatchFits(long batchSize, ScalarType dtype, String what) {
        Limits.requireMemory(batchBytes(batchSize, dtype), what + " (batches of " + batchSize + " samples of shape "
                + Arrays.toString(sampleShape()) + ")");
    }

    /** The indices {@code start .. min(start + batchSize, size) - 1}: one evaluation batch. */
    public long[] batchIndices(long start, int batchSize) {
        long end = Math.min(size, start + batchSize);
        long[] indices = new long[(int) (end - start)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = start + i;
        }
        return indices;
    }

    /** Features of the given samples, on {@code device} in {@code dtype}: {@code [indices.length, ...]}. */
    public Tensor featureBatch(long[] indices, Device device, ScalarType dtype) {
        return torch.index_select(features, 0, Tensors.fromLongs(indices)).to(device, dtype);
    }

    /**
     * Labels of the given samples, on {@code device}: int64 {@code [indices.length]}, or regression
     * targets {@code [indices.length, m]} in their stored dtype.
     */
    public Tensor labelBatch(long[] indices, Device device) {
        if (labels == null) {
            throw new IllegalStateException("this dataset has no labels");
        }
        return torch.index_select(labels, 0, Tensors.fromLongs(indices)).to(device, isRegression()
                ? labels.scalar_type() : ScalarType.Long);
    }

    /**
     * Labels of the given samples as a training step takes them: int64 class labels, or regression
     * targets {@code [indices.length, m]} in the training dtype {@code dtype}.
     */
    public Tensor labelBatch(long[] indices, Device device, ScalarType dtype) {
        if (labels == null) {
            throw new IllegalStateException("this dataset has no labels");
        }
        return torch.index_select(labels, 0, Tensors.fromLongs(indices)).to(device, isRegression()
                ? dtype : ScalarType.Long);
    }

    @Override
    public void close() {
        features.releaseReference();
        if (labels != null) {
            labels.releaseReference();
        }
    }
}
