package io.github.dann4j.nn;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.runtime.Limits;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The digits network of Ganin et al. (JMLR 2016) for MNIST → MNIST-M: feature extractor
 * conv 5×5×32 → ReLU → max-pool 2 → conv 5×5×48 → ReLU → max-pool 2 → flatten, on inputs
 * {@code [batch, channels, side, side]}; label head FC 100 → FC 100 → classes; domain head
 * FC 100 → 1; ReLU between.
 */
public final class DigitsNetwork {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    /** The paper's domain head widths after the features, {@code {100, 1}}: FC 100 → ReLU → FC 1 (one logit). */
    public static long[] paperDomainHead() {
        return new long[] {100, 1};
    }

    /**
     * The paper's label head widths after the features, {@code {100, 100, classes}}: FC 100 → ReLU →
     * FC 100 → ReLU → FC classes (logits). The digits network always has it; only the class count varies.
     */
    public static long[] paperLabelHead(long classes) {
        return new long[] {100, 100, classes};
    }

    private DigitsNetwork() {}

    /**
     * The feature extractor; its output is {@code [batch, featureSize(side)]}. Its parameters are
     * named as in PyTorch's {@code nn.Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d,
     * Flatten)}: {@code 0.weight}, {@code 0.bias}, {@code 3.weight}, {@code 3.bias}.
     *
     * <p>Only the convolutions are modules; ReLU, pooling and flattening are applied as functions.
     * bytedeco's {@code MaxPool2dImpl} is allocated without a shared_ptr, so a Sequential holding
     * one is left with a dangling module once the garbage collector frees the Java wrapper (a JVM
     * crash, reproduced); functional pooling has no such object at all.
     */
    public static FeatureExtractor featureExtractor(long channels, long side) {
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        long featureSize = featureSize(side);
        Limits.requireMemory(ModelSize.bytes(featureParameterCount(channels)), "the digits feature extractor for "
                + channels + " channels");
        Module features = new Module("feature");
        Conv2dImpl first = features.register_module("0", new Conv2dImpl(channels, 32, new LongPointer(5L, 5L)));
        Conv2dImpl second = features.register_module("3", new Conv2dImpl(32, 48, new LongPointer(5L, 5L)));
        long firstSide = side - 4;
        long secondSide = firstSide / 2 - 4;
        long multiplyAdds = firstSide * firstSide * 32 * channels * 25 + secondSide * secondSide * 48 * 32 * 25;
        return FeatureExtractor.of(features, x -> {
            Tensor h = torch.max_pool2d(torch.relu(first.forward(x)), 2, 2);
            return torch.max_pool2d(torch.relu(second.forward(h)), 2, 2).flatten(1, -1);
        }, featureSize, multiplyAdds).withInputShape(channels, side, side);
    }

    /**
     * The feature width for square inputs of the given side (768 for 28×28); {@link Long#MAX_VALUE}
     * if it overflows (a side no image has).
     */
    public static long featureSize(long side) {
        long afterFirst = (side - 4) / 2;
        long afterSecond = (afterFirst - 4) / 2;
        if (side < 16 || afterSecond <= 0) {
            throw new IllegalArgumentException("the digits network needs inputs of at least 16x16, got side " + side);
        }
        return Limits.product(48, afterSecond, afterSecond);
    }

    /** Parameters of the feature extractor's two convolutions for {@code channels} input channels. */
    public static long featureParameterCount(long channels) {
        return Limits.plus(Limits.plus(Limits.times(Limits.times(channels, 25), 32), 32), 48L * 32 * 25 + 48);
    }
}
