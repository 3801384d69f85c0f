package io.github.dann4j.select;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * DEV's logistic-regression domain classifier, specified so that any implementation reproduces it
 * (reference/validators.py does). All in float64:
 *
 * <ol>
 *   <li>X = [F_s; F_t] ({@code n_s + n_t} rows), y = 0 for source rows, 1 for target rows.
 *   <li>Standardise: μ_j = mean of column j, σ_j = √(var_j + 1e-12) (population variance, /n),
 *       z = (x − μ) / (σ √d). The extra 1/√d bounds the curvature of the mean logistic loss by
 *       ¼(1 + 1) = ½ whatever d, so the fixed step size below never overshoots.
 *   <li>Zero initial weights w ∈ ℝ^d and bias b; {@code iterations} full-batch gradient-descent
 *       steps on the mean binary cross-entropy: s = Zw + b, r = σ(s) − y,
 *       w ← w − η Zᵀr / n, b ← b − η mean(r), with η = {@code learningRate}.
 * </ol>
 *
 * Not public API: {@link DeepEmbeddedValidation} documents it as part of its score.
 */
final class DomainClassifier {
    private final Tensor mean;
    private final Tensor scale;
    private final Tensor weights;
    private final double bias;

    private DomainClassifier(Tensor mean, Tensor scale, Tensor weights, double bias) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    /** Fits on float64 features {@code [n_s, d]} (source) and {@code [n_t, d]} (target); tensors in the caller's scope. */
    static DomainClassifier fit(Tensor source, Tensor target, int iterations, double learningRate) {
        long d = source.size(1);
        long n = source.size(0) + target.size(0);
        Tensor x = torch.cat(new TensorVector(source, target), 0);
        Tensor y = torch.cat(new TensorVector(torch.zeros(new long[] {source.size(0), 1}, doubles()),
                torch.ones(new long[] {target.size(0), 1}, doubles())), 0);
        Tensor mean = x.mean(new long[] {0}, true, new ScalarTypeOptional());
        Tensor centred = x.sub(mean);
        Tensor variance = centred.mul(centred).mean(new long[] {0}, true, new ScalarTypeOptional());
        Tensor scale = variance.add(new Scalar(1e-12)).sqrt().mul(new Scalar(Math.sqrt(d)));
        Tensor z = centred.div(scale);
        Tensor zt = z.t().contiguous();
        Tensor w = torch.zeros(new long[] {d, 1}, doubles());
        double b = 0;
        for (int k = 0; k < iterations; k++) {
            try (PointerScope step = new PointerScope()) {
                Tensor r = torch.sigmoid(z.mm(w).add(new Scalar(b))).sub(y);
                Tensor gw = zt.mm(r).div(new Scalar((double) n));
                double gb = r.mean().item_double();
                w.sub_(gw.mul(new Scalar(learningRate))); // in place: w's handle belongs to the caller's scope
                b -= learningRate * gb;
            }
        }
        return new DomainClassifier(mean, scale, w, b);
    }

    /** The classifier's logit log(p(target|x) / p(source|x)) for each row of float64 {@code features} {@code [m, d]}, as {@code [m]}. */
    Tensor logits(Tensor features) {
        return features.sub(mean).div(scale).mm(weights).add(new Scalar(bias)).reshape(-1);
    }

    private static org.bytedeco.pytorch.TensorOptions doubles() {
        return new org.bytedeco.pytorch.TensorOptions(org.bytedeco.pytorch.global.torch.ScalarType.Double);
    }
}
