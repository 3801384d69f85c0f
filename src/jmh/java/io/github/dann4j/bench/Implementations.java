package io.github.dann4j.bench;

import io.github.dann4j.grl.GradientReversal;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.TensorTensorHook;

/** The gradient reversal forward passes that the benchmarks compare. */
final class Implementations {
    static final String[] ALL = {"nativeOp", "detachTrick", "tensorHook", "viewAs"};

    private Implementations() {}

    /**
     * A gradient hook that returns {@code -lambda * grad}. JavaCPP has a fixed number of callback
     * slots per class, so one hook is made per benchmark and registered on every call's output.
     */
    static TensorTensorHook reversingHook(Scalar minusLambda) {
        return new TensorTensorHook() {
            @Override
            public TensorBase call(TensorBase grad) {
                return new Tensor(grad).mul(minusLambda);
            }
        };
    }

    /** The forward pass of {@code implementation} on {@code input} (shape preserved). */
    static Tensor forward(String implementation, Tensor input, double lambda, Scalar minusLambda,
            TensorTensorHook hook) {
        switch (implementation) {
            case "nativeOp":
                return GradientReversal.apply(input, lambda);
            case "detachTrick": {
                Tensor scaled = input.mul(minusLambda);
                return input.detach().add(scaled.sub(scaled.detach()));
            }
            case "tensorHook": {
                Tensor output = input.view_as(input);
                output.register_hook(hook);
                return output;
            }
            case "viewAs":
                return input.view_as(input);
            default:
                throw new IllegalArgumentException(implementation);
        }
    }
}
