package io.github.dann4j.export;

/**
 * How {@link OnnxExport} writes a model. Immutable; the defaults ({@link #DEFAULTS}) export the
 * classifier path with the saved preprocessing in the graph, in float32, outputs {@code logits}
 * and {@code probabilities}.
 */
public final class ExportOptions {
    /** The numeric type of the exported weights and computation. */
    public enum Precision {
        /** float32 (the default, also for float64 models: ONNX runtimes are fastest and most complete in it). */
        FLOAT32,
        /** float64, as a float64 model computes. */
        FLOAT64
    }

    /** What the graph's input holds when the preprocessing is part of it. */
    public enum InputKind {
        /** uint8 for image models (pixels as on disk), float for feature models: the default. */
        AUTO,
        /** uint8 values, scaled to [0, 1] first (as dann4j scales uint8 data). */
        UINT8,
        /** Floating values, used as they are (as dann4j uses float data). */
        FLOAT
    }

    /** Preprocessing in the graph, no domain output, float32, input kind chosen by the architecture. */
    public static final ExportOptions DEFAULTS = new ExportOptions(true, false, Precision.FLOAT32, InputKind.AUTO);

    private final boolean preprocessing;
    private final boolean domainOutput;
    private final Precision precision;
    private final InputKind inputKind;

    private ExportOptions(boolean preprocessing, boolean domainOutput, Precision precision, InputKind inputKind) {
        this.preprocessing = preprocessing;
        this.domainOutput = domainOutput;
        this.precision = precision;
        this.inputKind = inputKind;
    }

    /** Leaves the preprocessing out: the graph takes what the network takes (float, already preprocessed). */
    public ExportOptions withoutPreprocessing() {
        return new ExportOptions(false, domainOutput, precision, inputKind);
    }

    /**
     * Adds a third output, {@code target_probability} {@code [N, 1]}: the domain classifier's
     * probability that an input looks like the target domain (for monitoring drift).
     */
    public ExportOptions withDomainOutput() {
        return new ExportOptions(preprocessing, true, precision, inputKind);
    }

    /** float32 or float64 weights and computation. */
    public ExportOptions withPrecision(Precision precision) {
        if (precision == null) {
            throw new IllegalArgumentException("precision is null");
        }
        return new ExportOptions(preprocessing, domainOutput, precision, inputKind);
    }

    /** What the input holds when the preprocessing is in the graph (ignored without it). */
    public ExportOptions withInputKind(InputKind inputKind) {
        if (inputKind == null) {
            throw new IllegalArgumentException("input kind is null");
        }
        return new ExportOptions(preprocessing, domainOutput, precision, inputKind);
    }

    public boolean preprocessing() {
        return preprocessing;
    }

    public boolean domainOutput() {
        return domainOutput;
    }

    public Precision precision() {
        return precision;
    }

    public InputKind inputKind() {
        return inputKind;
    }

    @Override
    public String toString() {
        return "ExportOptions(preprocessing=" + preprocessing + ", domainOutput=" + domainOutput + ", " + precision
                + ", input " + inputKind + ")";
    }
}
