package io.github.dann4j.model;

/**
 * How {@link TrainedModel#predict(Inputs, PredictOptions)} runs: the batch size it feeds the
 * network (default {@value #DEFAULT_BATCH_SIZE}; it bounds the memory of one forward pass, not the
 * number of inputs), and whether to compute the domain classifier's output as well (default no).
 *
 * @param batchSize samples per forward pass, at least 1
 * @param domain    also compute each input's probability of looking like the target domain
 */
public record PredictOptions(int batchSize, boolean domain) {
    public static final int DEFAULT_BATCH_SIZE = 256;

    /** Batches of {@value #DEFAULT_BATCH_SIZE}, classes and probabilities only. */
    public static final PredictOptions DEFAULTS = new PredictOptions(DEFAULT_BATCH_SIZE, false);

    public PredictOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
    }

    public PredictOptions withBatchSize(int size) {
        return new PredictOptions(size, domain);
    }

    /** With the domain classifier's output: {@link Prediction#targetProbability(int)}. */
    public PredictOptions withDomain() {
        return new PredictOptions(batchSize, true);
    }
}
