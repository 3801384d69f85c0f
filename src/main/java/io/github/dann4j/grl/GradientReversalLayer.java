package io.github.dann4j.grl;

import io.github.dann4j.internal.TensorChecks;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;

/**
 * A gradient reversal layer with a mutable {@code lambda}, for use inside a model: a schedule sets
 * {@code lambda} each training step (the paper raises it from 0 to 1 as
 * {@code 2 / (1 + exp(-10 p)) - 1} over training progress {@code p}).
 *
 * <p>Input and output shape: {@code [*]}, any floating-point tensor; see
 * {@link GradientReversal#apply}. {@code lambda} is read once per call and may be changed from
 * another thread (e.g. a scheduler) between steps.
 */
public final class GradientReversalLayer implements UnaryOperator<Tensor> {
    private volatile double lambda;

    /** A layer with {@code lambda = 1}. */
    public GradientReversalLayer() {
        this(1.0);
    }

    /** @param lambda the initial reversal strength; finite */
    public GradientReversalLayer(double lambda) {
        setLambda(lambda);
    }

    /** The current reversal strength. */
    public double getLambda() {
        return lambda;
    }

    /**
     * Sets the reversal strength used by the next {@link #forward} call.
     *
     * @throws IllegalArgumentException if {@code lambda} is NaN or infinite
     */
    public void setLambda(double lambda) {
        this.lambda = TensorChecks.requireFinite(lambda, "lambda");
    }

    /** Identity forward; the gradient is multiplied by {@code -getLambda()} on the way back. */
    public Tensor forward(Tensor input) {
        return GradientReversal.apply(input, lambda);
    }

    /** Same as {@link #forward}, so that the layer composes as a {@link UnaryOperator}. */
    @Override
    public Tensor apply(Tensor input) {
        return forward(input);
    }

    @Override
    public String toString() {
        return "GradientReversalLayer(lambda=" + lambda + ")";
    }
}
