package io.github.dann4j.grl;

import io.github.dann4j.NativeOpException;
import io.github.dann4j.internal.NativeOps;
import io.github.dann4j.internal.TensorChecks;
import org.bytedeco.pytorch.Tensor;

/**
 * Gradient reversal (Ganin &amp; Lempitsky, "Unsupervised Domain Adaptation by Backpropagation",
 * ICML 2015): the identity in the forward pass, the gradient multiplied by {@code -lambda} in the
 * backward pass. Placed between a feature extractor and a domain classifier, it trains the
 * classifier to tell domains apart and the features to make them indistinguishable, in one
 * backward pass.
 *
 * <p>Implemented as a native {@code torch::autograd::Function}; it works on CPU and CUDA tensors
 * alike. The returned tensor is owned by the caller (or by the enclosing
 * {@link org.bytedeco.javacpp.PointerScope}).
 */
public final class GradientReversal {
    static final String OPERATION = "gradient_reversal";

    private GradientReversal() {}

    /**
     * Applies gradient reversal.
     *
     * @param input  a floating-point tensor of any shape {@code [*]} (float32, float64, float16,
     *               bfloat16), on any device, contiguous or not
     * @param lambda the reversal strength; finite. It receives no gradient.
     * @return a view of {@code input}: same shape {@code [*]}, storage, strides and values; no data
     *         is copied. Its gradient is {@code -lambda} times the incoming gradient.
     * @throws IllegalArgumentException if {@code input} is null, closed, undefined or not
     *         floating-point, or {@code lambda} is NaN or infinite
     * @throws NativeOpException if libtorch rejects the call anyway
     */
    public static Tensor apply(Tensor input, double lambda) {
        TensorChecks.requireUsable(input, "input");
        TensorChecks.requireFinite(lambda, "lambda");
        if (!input.is_floating_point()) {
            throw new IllegalArgumentException("gradient reversal needs a floating-point input; got input "
                    + TensorChecks.describe(input));
        }
        return invokeNative(input, lambda);
    }

    /** Calls the op without the Java checks, turning a native error into a {@link NativeOpException}. */
    static Tensor invokeNative(Tensor input, double lambda) {
        try {
            return NativeOps.gradient_reversal(input, lambda);
        } catch (RuntimeException e) {
            throw new NativeOpException(OPERATION, TensorChecks.describe(input), e.getMessage(), e);
        }
    }

    /** The file the native op was loaded from. */
    public static String nativeLibraryPath() {
        return NativeOps.LOADED_LIBRARY;
    }

    /** The version of bytedeco's pytorch jar in use, e.g. {@code 2.10.0-1.5.13}, or null if unknown. */
    public static String bytedecoPytorchVersion() {
        return NativeOps.bytedecoPytorchVersion();
    }

    /** The libtorch version whose headers the native op was compiled against, e.g. {@code 2.10.0}. */
    public static String compiledTorchVersion() {
        return NativeOps.COMPILED_TORCH_VERSION;
    }
}
