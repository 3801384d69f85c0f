package io.github.dann4j.nn;

import io.github.dann4j.internal.Libtorch;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.SequentialImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * The feature extractor g_f of a DANN model: a bytedeco {@link Module} that owns the parameters,
 * and the forward function that maps inputs {@code [batch, ...]} to features
 * {@code [batch, featureSize]}.
 */
public final class FeatureExtractor {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private final Module module;
    private final UnaryOperator<Tensor> forward;
    private final long featureSize;
    private final long multiplyAddsPerSample;
    private final long[] inputShape; // null: not known

    private FeatureExtractor(Module module, UnaryOperator<Tensor> forward, long featureSize, long multiplyAddsPerSample) {
        this(module, forward, featureSize, multiplyAddsPerSample, null);
    }

    private FeatureExtractor(Module module, UnaryOperator<Tensor> forward, long featureSize, long multiplyAddsPerSample,
            long[] inputShape) {
        if (module == null || forward == null) {
            throw new IllegalArgumentException("a feature extractor needs a module and a forward function");
        }
        if (featureSize <= 0) {
            throw new IllegalArgumentException("feature size must be positive, got " + featureSize);
        }
        this.module = module;
        this.forward = forward;
        this.featureSize = featureSize;
        this.multiplyAddsPerSample = Math.max(0, multiplyAddsPerSample);
        this.inputShape = inputShape == null ? null : inputShape.clone();
    }

    /** A {@code Sequential} whose output has {@code featureSize} columns. */
    public static FeatureExtractor of(SequentialImpl sequential, long featureSize) {
        return new FeatureExtractor(sequential, sequential::forward, featureSize, 0);
    }

    /**
     * Any module with a Java forward function, e.g. a custom {@code Module} subclass whose
     * parameters are registered on it and whose forward is written in Java.
     */
    public static FeatureExtractor of(Module module, UnaryOperator<Tensor> forward, long featureSize) {
        return new FeatureExtractor(module, forward, featureSize, 0);
    }

    /**
     * As {@link #of(Module, UnaryOperator, long)}, with the multiply-adds of one sample's forward
     * pass: the trainer's thread policy uses it ({@code io.github.dann4j.runtime.Threads}).
     */
    public static FeatureExtractor of(Module module, UnaryOperator<Tensor> forward, long featureSize,
            long multiplyAddsPerSample) {
        return new FeatureExtractor(module, forward, featureSize, multiplyAddsPerSample);
    }

    /**
     * This extractor, declaring the shape of one input sample (e.g. {@code 400} or
     * {@code 3, 28, 28}): a {@link DannModel} built on it then refuses inputs of another shape with
     * a message naming both, before libtorch sees them. Without it the shape is not known and a
     * wrong input fails with libtorch's own message.
     *
     * @throws IllegalArgumentException for no sizes or a size that is not positive
     */
    public FeatureExtractor withInputShape(long... sampleShape) {
        if (sampleShape == null || sampleShape.length == 0) {
            throw new IllegalArgumentException("an input shape needs at least one size");
        }
        for (long size : sampleShape) {
            if (size <= 0) {
                throw new IllegalArgumentException("input sizes must be positive, got " + java.util.Arrays.toString(sampleShape));
            }
        }
        return new FeatureExtractor(module, forward, featureSize, multiplyAddsPerSample, sampleShape);
    }

    /** The shape of one input sample, e.g. {@code [3, 28, 28]}, or null when not declared ({@link #withInputShape}). */
    public long[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    public Module module() {
        return module;
    }

    public Tensor forward(Tensor input) {
        return forward.apply(input);
    }

    public long featureSize() {
        return featureSize;
    }

    /** Multiply-adds of one sample's forward pass, or 0 if not known. */
    public long multiplyAddsPerSample() {
        return multiplyAddsPerSample;
    }
}
