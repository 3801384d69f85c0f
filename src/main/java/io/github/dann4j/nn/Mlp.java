package io.github.dann4j.nn;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.runtime.Limits;
import java.util.Arrays;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.SequentialImpl;

/**
 * Builds multi-layer perceptrons as {@code Sequential}s numbered as PyTorch numbers them: linear
 * layers at even indices, activations at the odd indices after them ({@code 0.weight},
 * {@code 2.weight}, ...).
 */
public final class Mlp {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private Mlp() {}

    /**
     * @param inputSize      the input width {@code d}: input shape {@code [batch, d]}
     * @param sizes          the output width of each linear layer; the last is the output width
     * @param activation     the activation after each layer
     * @param activateOutput whether the last layer is followed by the activation too (true for a
     *                       feature extractor, false for a head that outputs logits)
     * @throws IllegalArgumentException for sizes that are not positive, or parameters (float32)
     *     past {@link Limits#memoryBytes()}, checked before any layer exists
     */
    public static SequentialImpl build(long inputSize, long[] sizes, Activation activation, boolean activateOutput) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("MLP input size must be positive, got " + inputSize);
        }
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException("an MLP needs at least one layer size");
        }
        for (long size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("MLP layer sizes must be positive, got " + Arrays.toString(sizes));
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is null");
        }
        Limits.requireMemory(ModelSize.bytes(parameterCount(inputSize, sizes)), "an MLP on " + inputSize
                + " inputs with layers " + Arrays.toString(sizes));
        SequentialImpl sequential = new SequentialImpl();
        long previous = inputSize;
        for (int i = 0; i < sizes.length; i++) {
            sequential.push_back(new LinearImpl(previous, sizes[i]));
            if (activateOutput || i < sizes.length - 1) {
                activation.appendTo(sequential);
            }
            previous = sizes[i];
        }
        return sequential;
    }

    /**
     * Parameters (weights and biases) of linear layers of these widths on inputs of
     * {@code inputSize}: {@code Σ (in + 1) · out}; {@link Long#MAX_VALUE} if that overflows. Lets a
     * caller bound a model's memory before building it.
     */
    public static long parameterCount(long inputSize, long[] sizes) {
        long total = 0;
        long previous = inputSize;
        for (long size : sizes) {
            total = Limits.plus(total, Limits.times(Limits.plus(previous, 1), size));
            previous = size;
        }
        return total;
    }

    /** Multiply-adds of one sample through linear layers of these widths. */
    static long multiplyAdds(long inputSize, long[] sizes) {
        long total = 0;
        long previous = inputSize;
        for (long size : sizes) {
            total += previous * size;
            previous = size;
        }
        return total;
    }
}
