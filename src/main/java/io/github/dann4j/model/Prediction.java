package io.github.dann4j.model;

import java.util.Arrays;

/**
 * What a {@link TrainedModel} says about {@link #size()} inputs: the most probable class of each,
 * the class probabilities (softmax of the logits) — or, for a regression model
 * ({@link #isRegression()}), the predicted values of each ({@link #values(int)}) — and, when asked for
 * ({@link PredictOptions#withDomain()}), the domain classifier's probability that the input comes
 * from the target domain: near 0.5 the features do not tell the domains apart, near 1 an input
 * looks like the target's training data, near 0 like the source's — a drift signal for data in
 * production. Plain Java arrays, no native memory; immutable.
 */
public final class Prediction {
    private final int size;
    private final int classCount;
    private final int[] classes;
    private final double[] probabilities; // [size * classCount], row-major
    private final double[] target;        // [size] or null
    private final double[] values;        // [size * classCount] predicted values of a regression model, or null

    Prediction(int classCount, int[] classes, double[] probabilities, double[] target) {
        this.size = classes.length;
        this.classCount = classCount;
        this.classes = classes;
        this.probabilities = probabilities;
        this.target = target;
        this.values = null;
    }

    private Prediction(int outputs, double[] values, double[] target) {
        this.size = values.length / outputs;
        this.classCount = outputs;
        this.classes = null;
        this.probabilities = null;
        this.target = target;
        this.values = values;
    }

    /** A regression model's predicted values, row-major {@code [n, outputs]}. */
    static Prediction ofValues(int outputs, double[] values, double[] target) {
        return new Prediction(outputs, values, target);
    }

    /** Whether this is a regression model's prediction: values instead of classes and probabilities. */
    public boolean isRegression() {
        return values != null;
    }

    /**
     * The predicted values of input {@code i} (a regression model's outputs, one per target).
     *
     * @throws IllegalStateException for a classification model's prediction
     */
    public double[] values(int i) {
        if (values == null) {
            throw new IllegalStateException("a classification model predicts classes and probabilities, not values");
        }
        int row = check(i) * classCount;
        return Arrays.copyOfRange(values, row, row + classCount);
    }

    private void requireClasses() {
        if (values != null) {
            throw new IllegalStateException("a regression model predicts values (values(i)), not classes or probabilities");
        }
    }

    /** Builds the arg-max classes from row-major probabilities {@code [n, classCount]}. */
    static Prediction of(int classCount, double[] probabilities, double[] target) {
        int n = probabilities.length / classCount;
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            int b = 0;
            for (int c = 1; c < classCount; c++) {
                if (probabilities[i * classCount + c] > probabilities[i * classCount + b]) {
                    b = c;
                }
            }
            best[i] = b;
        }
        return new Prediction(classCount, best, probabilities, target);
    }

    /** The number of inputs. */
    public int size() {
        return size;
    }

    /** The number of classes of the model (of predicted values, for a regression model). */
    public int classCount() {
        return classCount;
    }

    /** The most probable class of input {@code i} (the first of equal ones). */
    public int classOf(int i) {
        requireClasses();
        return classes[check(i)];
    }

    /** The most probable class of every input. */
    public int[] classes() {
        requireClasses();
        return classes.clone();
    }

    /** Input {@code i}'s probability of every class; they sum to 1. */
    public double[] probabilities(int i) {
        requireClasses();
        int row = check(i) * classCount;
        return Arrays.copyOfRange(probabilities, row, row + classCount);
    }

    /** Input {@code i}'s probability of class {@code c}. */
    public double probability(int i, int c) {
        requireClasses();
        if (c < 0 || c >= classCount) {
            throw new IndexOutOfBoundsException("class " + c + " of a model with " + classCount + " classes");
        }
        return probabilities[check(i) * classCount + c];
    }

    /** Whether the domain output was computed ({@link PredictOptions#withDomain()}). */
    public boolean hasDomain() {
        return target != null;
    }

    /**
     * The domain classifier's probability that input {@code i} comes from the target domain.
     *
     * @throws IllegalStateException if the prediction was made without {@link PredictOptions#withDomain()}
     */
    public double targetProbability(int i) {
        if (target == null) {
            throw new IllegalStateException("the domain output was not computed; predict with PredictOptions.DEFAULTS.withDomain()");
        }
        return target[check(i)];
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("input " + i + " of a prediction for " + size + " inputs");
        }
        return i;
    }

    @Override
    public String toString() {
        return "Prediction of " + size + " inputs, " + classCount + (values != null ? " values" : " classes") + (target != null ? ", with domain output" : "");
    }
}
