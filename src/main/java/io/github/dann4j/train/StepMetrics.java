package io.github.dann4j.train;

/**
 * What one training step measured, before its parameter update; or, when the trainer reads its
 * metrics every N steps ({@link TrainingConfig.Builder#metricsEvery}), what the steps since the
 * previous {@code StepMetrics} measured: the losses are their means, the domain accuracy is over
 * all their domain outputs, and {@code step}, λ and the learning rate are those of the last of them.
 *
 * @param step           0-based step index (of the last step measured)
 * @param loss           total loss e = label loss + domain loss
 * @param labelLoss      cross-entropy of the label predictor on the source batch
 * @param domainLoss     BCE of the domain classifier on source (label 0) plus target (label 1);
 *                       NaN in a source-only run
 * @param domainAccuracy fraction of source and target outputs on the right side of the decision
 *                       threshold; NaN in a source-only run
 * @param lambda         the GRL strength used in this step
 * @param learningRate   the learning rate used for this step's update
 */
public record StepMetrics(long step, double loss, double labelLoss, double domainLoss, double domainAccuracy,
        double lambda, double learningRate) {
}
