package io.github.dann4j.nn;

import java.util.Arrays;

/**
 * What a {@link DannModel} is made of, enough to build it again before its weights are loaded: the
 * kind of network, the shape of one input sample and the layer widths. Every model built by
 * {@link DannModel#mlp} or {@link DannModel#digits} has one ({@link DannModel#architecture()}); a
 * model with a feature extractor of the caller's own has none, since nothing could rebuild it.
 *
 * <p>Immutable; arrays are copied in and out.
 */
public final class Architecture {
    /** The network families dann4j builds. */
    public enum Kind {
        /** Fully connected layers on flat samples {@code [features]}. */
        MLP,
        /** Ganin et al.'s digits network on square images {@code [channels, side, side]}. */
        DIGITS
    }

    private final Kind kind;
    private final long[] sampleShape;
    private final long[] featureSizes;
    private final long[] classifierSizes;
    private final long[] discriminatorSizes;
    private final Activation activation;
    private final DomainOutput domainOutput;
    private final DomainConditioning conditioning;
    private final Task task;

    private Architecture(Kind kind, long[] sampleShape, long[] featureSizes, long[] classifierSizes,
            long[] discriminatorSizes, Activation activation, DomainOutput domainOutput) {
        this(kind, sampleShape, featureSizes, classifierSizes, discriminatorSizes, activation, domainOutput,
                DomainConditioning.none(), Task.CLASSIFICATION);
    }

    private Architecture(Kind kind, long[] sampleShape, long[] featureSizes, long[] classifierSizes,
            long[] discriminatorSizes, Activation activation, DomainOutput domainOutput, DomainConditioning conditioning,
            Task task) {
        if (kind == null || activation == null || domainOutput == null || conditioning == null || task == null) {
            throw new IllegalArgumentException("kind, activation, domain output, conditioning and task must not be null");
        }
        requireSizes(sampleShape, "sample shape");
        requireSizes(classifierSizes, "classifier sizes");
        requireSizes(discriminatorSizes, "discriminator sizes");
        if (featureSizes == null) {
            throw new IllegalArgumentException("feature sizes must not be null");
        }
        for (long size : featureSizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("feature sizes must be positive, got " + Arrays.toString(featureSizes));
            }
        }
        this.kind = kind;
        this.sampleShape = sampleShape.clone();
        this.featureSizes = featureSizes.clone();
        this.classifierSizes = classifierSizes.clone();
        this.discriminatorSizes = discriminatorSizes.clone();
        this.activation = activation;
        this.domainOutput = domainOutput;
        this.conditioning = conditioning;
        this.task = task;
    }

    /**
     * This architecture with the domain classifier on {@code conditioning}'s map of features and
     * class prediction (CDAN) instead of the features; {@link DomainConditioning#none()} for DANN.
     */
    public Architecture withConditioning(DomainConditioning conditioning) {
        return new Architecture(kind, sampleShape, featureSizes, classifierSizes, discriminatorSizes, activation,
                domainOutput, conditioning, task);
    }

    /**
     * This architecture for {@code task}: {@link Task#REGRESSION} makes the label head's last width
     * the number of predicted values (at least 1) instead of the number of classes (at least 2).
     */
    public Architecture withTask(Task task) {
        return new Architecture(kind, sampleShape, featureSizes, classifierSizes, discriminatorSizes, activation,
                domainOutput, conditioning, task);
    }

    /** Classification (the default) or regression. */
    public Task task() {
        return task;
    }

    /** What the domain classifier sees: the features (DANN, {@link DomainConditioning#none()}) or a CDAN map. */
    public DomainConditioning conditioning() {
        return conditioning;
    }

    private static void requireSizes(long[] sizes, String what) {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException(what + " are empty");
        }
        for (long size : sizes) {
            if (size <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + Arrays.toString(sizes));
            }
        }
    }

    /**
     * An MLP on samples of {@code inputSize} features: feature layers (at least one), label head
     * (the last width is the number of classes) and domain head (the last width is the number of
     * domain outputs), as {@link DannModel.Builder} builds it.
     */
    public static Architecture mlp(long inputSize, long[] featureSizes, long[] classifierSizes, long[] discriminatorSizes,
            Activation activation, DomainOutput domainOutput) {
        if (featureSizes == null || featureSizes.length == 0) {
            throw new IllegalArgumentException("an MLP needs at least one feature layer size");
        }
        return new Architecture(Kind.MLP, new long[] {inputSize}, featureSizes, classifierSizes, discriminatorSizes,
                activation, domainOutput);
    }

    /**
     * The digits network on images {@code [channels, side, side]}: its feature extractor, the label
     * head {@code 100, 100, classes} and ReLU are fixed; the domain head's widths are given (the
     * paper's: {@link DigitsNetwork#paperDomainHead()}), with logits out.
     */
    public static Architecture digits(long channels, long side, long classes, long... domainHeadSizes) {
        return new Architecture(Kind.DIGITS, new long[] {channels, side, side}, new long[0],
                DigitsNetwork.paperLabelHead(classes), domainHeadSizes, Activation.RELU, DomainOutput.LOGITS);
    }

    public Kind kind() {
        return kind;
    }

    /** One input sample, e.g. {@code [400]} or {@code [3, 28, 28]}. */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** The MLP's feature layer widths; empty for the digits network. */
    public long[] featureSizes() {
        return featureSizes.clone();
    }

    /** The label head's widths; the last is the number of classes. */
    public long[] classifierSizes() {
        return classifierSizes.clone();
    }

    /** The domain head's widths; the last is the number of domain outputs. */
    public long[] discriminatorSizes() {
        return discriminatorSizes.clone();
    }

    public Activation activation() {
        return activation;
    }

    public DomainOutput domainOutput() {
        return domainOutput;
    }

    /** The label head's last width: the number of classes, or of predicted values for regression. */
    public long classes() {
        return classifierSizes[classifierSizes.length - 1];
    }

    /** The label head's outputs: {@link #classes()} under either task. */
    public long outputs() {
        return classes();
    }

    /**
     * Parameters of the model this describes, from the widths alone (nothing is built);
     * {@link Long#MAX_VALUE} if that overflows.
     */
    public long parameterCount() {
        if (kind == Kind.DIGITS) {
            return ModelSize.digits(sampleShape[0], sampleShape[1], classes(), conditioning, discriminatorSizes);
        }
        return ModelSize.mlp(sampleShape[0], featureSizes, classifierSizes, conditioning, discriminatorSizes);
    }

    /**
     * A fresh model with this architecture, in float32 on the CPU, with weights from the current
     * torch seed. Refused with one line (before anything is allocated) when it is larger than
     * {@link io.github.dann4j.runtime.Limits} allow.
     */
    public DannModel build() {
        if (kind == Kind.DIGITS) {
            return DannModel.digits(sampleShape[0], sampleShape[1], classes(), task, conditioning, discriminatorSizes);
        }
        return DannModel.mlp(sampleShape[0]).features(featureSizes).classifier(classifierSizes)
                .discriminator(discriminatorSizes).activation(activation).domainOutput(domainOutput)
                .conditioning(conditioning).task(task).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Architecture a && kind == a.kind && Arrays.equals(sampleShape, a.sampleShape)
                && Arrays.equals(featureSizes, a.featureSizes) && Arrays.equals(classifierSizes, a.classifierSizes)
                && Arrays.equals(discriminatorSizes, a.discriminatorSizes) && activation == a.activation
                && domainOutput == a.domainOutput && conditioning.equals(a.conditioning) && task == a.task;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sampleShape) * 31 + Arrays.hashCode(classifierSizes) + kind.hashCode();
    }

    @Override
    public String toString() {
        return describe() + (conditioning.conditional() ? ", domain map " + conditioning : "")
                + (task == Task.REGRESSION ? ", regression" : "");
    }

    private String describe() {
        return kind == Kind.DIGITS
                ? "digits network on " + Arrays.toString(sampleShape) + ", " + classes()
                        + (task == Task.REGRESSION ? " outputs" : " classes") + ", domain head "
                        + Arrays.toString(discriminatorSizes)
                : "MLP on " + sampleShape[0] + " features: features " + Arrays.toString(featureSizes) + ", classifier "
                        + Arrays.toString(classifierSizes) + ", discriminator " + Arrays.toString(discriminatorSizes) + ", "
                        + activation.name().toLowerCase(java.util.Locale.ROOT) + ", domain "
                        + domainOutput.name().toLowerCase(java.util.Locale.ROOT);
    }
}
