package io.github.dann4j.nn;

import io.github.dann4j.runtime.Limits;
import java.util.Locale;

/**
 * How many parameters a {@link DannModel} of given layer sizes has, computed from the sizes alone
 * (nothing is built), and the check the builders make with it before any layer exists: the
 * parameters at 4 bytes each (float32, as built) within {@link Limits#memoryBytes()} and the
 * classes within {@link Limits#classes()}. Counts saturate at {@link Long#MAX_VALUE} instead of
 * overflowing.
 */
public final class ModelSize {
    private ModelSize() {}

    /**
     * Parameters of an MLP model: feature layers {@code featureSizes} on inputs of
     * {@code inputSize}, then the label predictor and the domain classifier on the features.
     */
    public static long mlp(long inputSize, long[] featureSizes, long[] classifierSizes, long[] discriminatorSizes) {
        return mlp(inputSize, featureSizes, classifierSizes, DomainConditioning.none(), discriminatorSizes);
    }

    /** As above, with the domain classifier on {@code conditioning}'s map (its buffers counted too). */
    public static long mlp(long inputSize, long[] featureSizes, long[] classifierSizes, DomainConditioning conditioning,
            long[] discriminatorSizes) {
        long width = featureSizes.length == 0 ? inputSize : featureSizes[featureSizes.length - 1];
        long classes = classifierSizes[classifierSizes.length - 1];
        return Limits.plus(Mlp.parameterCount(inputSize, featureSizes), heads(width, classifierSizes,
                conditioning.inputWidth(width, classes), discriminatorSizes, conditioning));
    }

    /** Parameters of the digits network for square inputs {@code [channels, side, side]}. */
    public static long digits(long channels, long side, long classes, long[] domainHeadSizes) {
        return digits(channels, side, classes, DomainConditioning.none(), domainHeadSizes);
    }

    /** As above, with the domain classifier on {@code conditioning}'s map (its buffers counted too). */
    public static long digits(long channels, long side, long classes, DomainConditioning conditioning,
            long[] domainHeadSizes) {
        long width = DigitsNetwork.featureSize(side);
        return Limits.plus(DigitsNetwork.featureParameterCount(channels), heads(width, new long[] {100, 100, classes},
                conditioning.inputWidth(width, classes), domainHeadSizes, conditioning));
    }

    /** Parameters of the two heads on features {@code featureSize} wide. */
    static long heads(long featureSize, long[] classifierSizes, long[] discriminatorSizes) {
        return Limits.plus(Mlp.parameterCount(featureSize, classifierSizes), Mlp.parameterCount(featureSize, discriminatorSizes));
    }

    /**
     * Parameters (and the randomized map's buffers) of the two heads when the domain classifier
     * takes {@code domainWidth} inputs through {@code conditioning}.
     */
    static long heads(long featureSize, long[] classifierSizes, long domainWidth, long[] discriminatorSizes,
            DomainConditioning conditioning) {
        long classes = classifierSizes[classifierSizes.length - 1];
        long map = conditioning.kind() == DomainConditioning.Kind.RANDOMIZED
                ? Limits.times(Limits.plus(featureSize, classes), conditioning.randomizedWidth()) : 0;
        return Limits.plus(Limits.plus(Mlp.parameterCount(featureSize, classifierSizes),
                Mlp.parameterCount(domainWidth, discriminatorSizes)), map);
    }

    /** Bytes of {@code parameters} float32 parameters. */
    public static long bytes(long parameters) {
        return Limits.times(parameters, Float.BYTES);
    }

    /**
     * Refuses a model past the limits.
     *
     * @param what names the model in the message, e.g. "model.properties m/model.properties"
     * @throws IllegalArgumentException naming the model, its parameters and the limit
     */
    public static void require(long parameters, long classes, String what) {
        Limits.requireClasses(classes, what);
        Limits.requireMemory(bytes(parameters), what + " (" + (parameters == Long.MAX_VALUE ? "more than 2^63"
                : String.format(Locale.ROOT, "%,d", parameters)) + " parameters)");
    }
}
