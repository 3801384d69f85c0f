package io.github.dann4j.train;

import io.github.dann4j.internal.TensorChecks;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The checks regression targets pass before a {@link TensorDataset} holds them. */
final class RegressionTargets {
    private RegressionTargets() {}

    /**
     * Floating targets {@code [n, m]} ({@code [n]} becomes {@code [n, 1]}), every value finite.
     *
     * @throws IllegalArgumentException for integer targets, another shape, or a NaN or infinite
     *     value (naming its sample)
     */
    static Tensor check(Tensor targets, long n) {
        if (!targets.is_floating_point()) {
            throw new IllegalArgumentException("regression targets must be floating point (float32 or float64), got targets "
                    + TensorChecks.describe(targets) + "; integer class labels are for classification");
        }
        ScalarType type = targets.scalar_type().intern();
        if (type != ScalarType.Float && type != ScalarType.Double) {
            throw new IllegalArgumentException("regression targets must be float32 or float64, got targets "
                    + TensorChecks.describe(targets));
        }
        Tensor shaped = targets.dim() == 1 ? targets.unsqueeze(1) : targets;
        if (shaped.dim() != 2 || shaped.size(0) != n || shaped.size(1) < 1) {
            throw new IllegalArgumentException("regression targets must have shape [" + n + "] or [" + n
                    + ", m] to match the features; got targets " + TensorChecks.describe(targets));
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor finite = torch.isfinite(shaped).all(1);
            if (!finite.all().item_bool()) {
                long sample = finite.logical_not().to(ScalarType.Long).argmax().item_long();
                throw new IllegalArgumentException("regression target of sample " + sample + " is NaN or infinite");
            }
        }
        return shaped.contiguous();
    }
}
