package io.github.dann4j.data;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.runtime.Limits;
import io.github.dann4j.train.TensorDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Samples as read from disk: features {@code [N, ...]} and, when the data has them, int64 class
 * labels {@code [N]} or floating regression targets {@code [N, m]} ({@link #regression}).
 *
 * <p>Features are float32 (float64 when read with {@link LoadOptions#withDtype}, for float64
 * training on a file's exact values), except images straight from a reader, which stay uint8
 * {@code [N, C, H, W]} (a quarter of the memory) until {@link Preprocessing#scaleToUnit} turns them
 * into float32; cropping and channel changes work on any of them.
 *
 * <p>Ownership: a {@code LoadedData} holds its own references to its tensors, so it outlives the
 * {@link PointerScope} it was made in, and frees them on {@link #close()}. Methods that return a new
 * {@code LoadedData} leave this one open; close both.
 */
public final class LoadedData implements AutoCloseable {
    private final Tensor features;
    private final Tensor labels; // null when unlabelled
    private final String origin;
    private boolean closed;

    private LoadedData(Tensor features, Tensor labels, String origin) {
        this.features = features;
        this.labels = labels;
        this.origin = origin;
    }

    /**
     * Wraps features and regression targets: floating {@code [N, m]} ({@code [N]} is read as
     * {@code [N, 1]}), every value finite; kept in their own dtype (float32 or float64).
     *
     * @throws IllegalArgumentException for integer targets, another N, or a NaN or infinite target
     *     (naming its sample and the origin)
     */
    public static LoadedData regression(Tensor features, Tensor targets, String origin) {
        TensorChecks.requireUsable(targets, "targets");
        try (PointerScope scope = new PointerScope()) {
            if (!targets.is_floating_point()) {
                throw new IllegalArgumentException(origin + ": regression targets must be float32 or float64, got targets "
                        + TensorChecks.describe(targets));
            }
            return of(features, targets.dim() == 1 ? targets.unsqueeze(1) : targets, origin);
        }
    }

    /**
     * Wraps features (float32 or float64, or uint8 images) and labels: integer class labels
     * {@code [N]} (non-negative; stored as int64), floating regression targets {@code [N, m]}
     * (finite; kept in their dtype, see {@link #regression}), or null for unlabelled data.
     *
     * @param origin where the data came from, for messages (e.g. the file name)
     */
    public static LoadedData of(Tensor features, Tensor labels, String origin) {
        TensorChecks.requireUsable(features, "features");
        ScalarType type = features.scalar_type().intern();
        if (type != ScalarType.Float && type != ScalarType.Double && type != ScalarType.Byte) {
            throw new IllegalArgumentException(origin + ": features must be float32 or float64 (or uint8 images), got features "
                    + TensorChecks.describe(features));
        }
        if (features.dim() < 1 || features.size(0) == 0) {
            throw new IllegalArgumentException(origin + ": no samples (features " + TensorChecks.describe(features) + ")");
        }
        long n = features.size(0);
        Tensor ownLabels = null;
        try (PointerScope scope = new PointerScope()) {
            if (labels != null) {
                TensorChecks.requireUsable(labels, "labels");
                if (labels.is_floating_point() && labels.dim() == 2) {
                    return withTargets(features, labels, n, origin);
                }
                if (labels.dim() != 1 || labels.size(0) != n) {
                    throw new IllegalArgumentException(origin + ": " + n + " samples but labels "
                            + TensorChecks.describe(labels));
                }
                if (labels.is_floating_point()) {
                    throw new IllegalArgumentException(origin + ": labels must be integers, got labels "
                            + TensorChecks.describe(labels));
                }
                long min = labels.min().item_long();
                if (min < 0) {
                    throw new IllegalArgumentException(origin + ": labels must be non-negative, found " + min);
                }
            }
            // new Tensor(...) handles of our own, retained so that closing this (or the caller's)
            // scope leaves them alive; close() releases them.
            Tensor ownFeatures = new Tensor(features.contiguous());
            ownFeatures.retainReference();
            if (labels != null) {
                ownLabels = new Tensor(labels.to(ScalarType.Long).contiguous());
                ownLabels.retainReference();
            }
            return new LoadedData(ownFeatures, ownLabels, origin);
        }
    }

    private static LoadedData withTargets(Tensor features, Tensor targets, long n, String origin) {
        ScalarType type = targets.scalar_type().intern();
        if (type != ScalarType.Float && type != ScalarType.Double) {
            throw new IllegalArgumentException(origin + ": regression targets must be float32 or float64, got targets "
                    + TensorChecks.describe(targets));
        }
        if (targets.size(0) != n || targets.size(1) < 1) {
            throw new IllegalArgumentException(origin + ": " + n + " samples but targets " + TensorChecks.describe(targets));
        }
        Tensor finite = torch.isfinite(targets).all(1);
        if (!finite.all().item_bool()) {
            long sample = finite.logical_not().to(ScalarType.Long).argmax().item_long();
            throw new IllegalArgumentException(origin + ": the regression target of sample " + sample + " is NaN or infinite");
        }
        Tensor ownFeatures = new Tensor(features.contiguous());
        ownFeatures.retainReference();
        Tensor ownTargets = new Tensor(targets.contiguous());
        ownTargets.retainReference();
        return new LoadedData(ownFeatures, ownTargets, origin);
    }

    /** Whether the labels are floating regression targets {@code [N, m]}. */
    public boolean isRegression() {
        return labels != null && labels.is_floating_point();
    }

    /** m, the number of regression target values per sample; 0 for class labels or unlabelled data. */
    public long targetWidth() {
        return isRegression() ? labels.size(1) : 0;
    }

    /** Throws naming {@code role} unless the labels are class labels (not regression targets). */
    private void requireClassLabels(String what) {
        if (isRegression()) {
            throw new IllegalArgumentException(origin + " has regression targets (" + labels.size(1) + " values a sample), not"
                    + " class labels; " + what + " is for classification");
        }
    }

    /** Features {@code [N, ...]}: float32, float64, or uint8 (images not yet scaled). Owned by this object. */
    public Tensor features() {
        return features;
    }

    /**
     * Labels int64 {@code [N]}, regression targets {@code [N, m]} ({@link #isRegression()}), or
     * null when the data is unlabelled. Owned by this object.
     */
    public Tensor labels() {
        return labels;
    }

    public boolean isLabelled() {
        return labels != null;
    }

    /** Number of samples N. */
    public long size() {
        return features.size(0);
    }

    /** The shape of one sample, e.g. {@code [1, 28, 28]}. */
    public long[] sampleShape() {
        long[] shape = TensorChecks.shape(features);
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Where the data came from, e.g. {@code "IDX mnist/t10k-images-idx3-ubyte.gz with labels ..."}. */
    public String origin() {
        return origin;
    }

    /** Throws naming {@code role} (e.g. "source") and the origin when the data has no labels. */
    public LoadedData requireLabelled(String role) {
        if (labels == null) {
            throw new IllegalArgumentException(role + " data must be labelled, but " + origin + " has no labels");
        }
        return this;
    }

    /**
     * The classes the labels imply: the largest label + 1, at least 2. Checked against the data
     * before a model is built from it.
     *
     * @throws IllegalArgumentException for unlabelled data, or a largest label that asks for more
     *     than {@link Limits#classes()} classes (naming the label, its sample and the origin)
     */
    public long classCount() {
        requireLabelled("labelled");
        requireClassLabels("a class count");
        long largest;
        long sample;
        try (PointerScope scope = new PointerScope()) {
            largest = labels.max().item_long();
            sample = labels.argmax().item_long();
        }
        long classes = Math.max(2, Limits.plus(largest, 1));
        if (classes > Limits.classes()) {
            throw new IllegalArgumentException(origin + ": label " + largest + " of sample " + sample + " asks for " + classes
                    + " classes, over the limit of " + Limits.classes() + " (raise it with -D" + Limits.CLASSES + "=N)");
        }
        return classes;
    }

    /**
     * Refuses labels a model of {@code classes} classes cannot be trained or scored on.
     *
     * @throws IllegalArgumentException naming the largest label, its sample and the origin
     */
    public LoadedData requireLabelsBelow(long classes) {
        requireLabelled("labelled");
        requireClassLabels("a class range");
        try (PointerScope scope = new PointerScope()) {
            long largest = labels.max().item_long();
            if (largest >= classes) {
                throw new IllegalArgumentException(origin + ": label " + largest + " of sample " + labels.argmax().item_long()
                        + " is out of range for " + classes + " classes (labels 0 to " + (classes - 1) + ")");
            }
        }
        return this;
    }

    /**
     * New data whose features are {@code transform(features())}, with the same labels (for
     * example {@code data.map(Preprocessing::scaleToUnit)}). The transform runs in its own
     * {@code PointerScope}, so its temporaries are freed; this object stays open.
     */
    public LoadedData map(UnaryOperator<Tensor> transform) {
        try (PointerScope scope = new PointerScope()) {
            return of(transform.apply(features), labels, origin);
        }
    }

    /** The first {@code k} samples (all of them when {@code k >= size()}), as a copy. */
    public LoadedData first(long k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        long n = Math.min(k, size());
        try (PointerScope scope = new PointerScope()) {
            // clone(): a narrow() view would keep the whole original storage alive.
            Tensor x = features.narrow(0, 0, n).clone();
            Tensor y = labels == null ? null : labels.narrow(0, 0, n).clone();
            return of(x, y, origin + (n < size() ? " (first " + n + ")" : ""));
        }
    }

    /**
     * A {@link TensorDataset} for training; it holds its own references, so this object may be
     * closed afterwards. Features must be floating point: uint8 images need
     * {@link Preprocessing#scaleToUnit} first (training on raw 0..255 values is almost always a
     * mistake, so it is refused rather than silently converted).
     */
    public TensorDataset toDataset() {
        if (!features.is_floating_point()) {
            throw new IllegalStateException(origin + ": features are " + features.scalar_type()
                    + " (raw pixels); scale them first, e.g. data.map(Preprocessing::scaleToUnit)");
        }
        return labels == null ? TensorDataset.unlabelled(features) : isRegression()
                ? TensorDataset.regression(features, labels) : TensorDataset.labelled(features, labels);
    }

    /**
     * Requires the two domains' samples to have one shape (the network sees both). The message
     * states both shapes and suggests the options that reconcile them.
     */
    public static void requireSameSampleShape(LoadedData source, LoadedData target) {
        long[] s = source.sampleShape();
        long[] t = target.sampleShape();
        if (Arrays.equals(s, t)) {
            return;
        }
        List<String> hints = new ArrayList<>();
        if (s.length == 3 && t.length == 3) {
            if (s[0] != t[0] && Math.min(s[0], t[0]) == 1) {
                hints.add("--grey-to-rgb");
            }
            if (s[1] != t[1] || s[2] != t[2]) {
                hints.add("--crop");
                hints.add("--resize");
            }
        }
        String hint = hints.isEmpty()
                ? "; the two domains must describe samples the same way"
                : "; use " + String.join(" / ", hints) + " to bring them to one shape";
        throw new IllegalArgumentException("source samples have shape " + Arrays.toString(s)
                + " but target samples have shape " + Arrays.toString(t) + hint);
    }

    @Override
    public String toString() {
        return size() + " samples of shape " + Arrays.toString(sampleShape()) + " (" + features.scalar_type()
                + (labels == null ? ", unlabelled" : isRegression() ? ", " + labels.size(1) + " regression targets"
                        : ", labelled") + ") from " + origin;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        features.releaseReference();
        if (labels != null) {
            labels.releaseReference();
        }
    }
}
