package io.github.dann4j.nn;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.FlattenImpl;
import org.bytedeco.pytorch.MaxPool2dImpl;
import org.bytedeco.pytorch.ReLUImpl;
import org.bytedeco.pytorch.SequentialImpl;

/**
 * The digits network of Ganin et al. (JMLR 2016) for MNIST → MNIST-M: feature extractor
 * conv 5×5×32 → ReLU → max-pool 2 → conv 5×5×48 → ReLU → max-pool 2 → flatten, on inputs
 * {@code [batch, channels, side, side]}; label head FC 100 → FC 100 → classes; domain head
 * FC 100 → 1; ReLU between.
 */
public final class DigitsNetwork {
    private DigitsNetwork() {}

    /** The feature extractor; its output is {@code [batch, featureSize(side)]}. */
    public static SequentialImpl featureExtractor(long channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive, got " + channels);
        }
        SequentialImpl features = new SequentialImpl();
        features.push_back(new Conv2dImpl(channels, 32, new LongPointer(5L, 5L)));
        features.push_back(new ReLUImpl());
        features.push_back(new MaxPool2dImpl(new LongPointer(2L, 2L)));
        features.push_back(new Conv2dImpl(32, 48, new LongPointer(5L, 5L)));
        features.push_back(new ReLUImpl());
        features.push_back(new MaxPool2dImpl(new LongPointer(2L, 2L)));
        features.push_back(new FlattenImpl());
        return features;
    }

    /** The feature width for square inputs of the given side (768 for 28×28). */
    public static long featureSize(long side) {
        long afterFirst = (side - 4) / 2;
        long afterSecond = (afterFirst - 4) / 2;
        if (side < 16 || afterSecond <= 0) {
            throw new IllegalArgumentException("the digits network needs inputs of at least 16x16, got side " + side);
        }
        return 48 * afterSecond * afterSecond;
    }
}
