package io.github.dann4j.train;

/**
 * What one training step measured, before its parameter update.
 *
 * @param step           0-based step index
 * @param loss           total loss e = label loss + domain loss
 * @param labelLoss      the label predictor's loss over the step's source samples (all sources
 *                       together, one mean)
 * @param domainLoss     the domain classifier's loss (binary cross-entropy of sources, label 0,
 *                       and target, label 1; or per-domain softmax cross-entropy); NaN in a
 *                       source-only run
 * @param domainAccuracy fraction of the domain classifier's decisions that are right (all domains
 *                       together); NaN in a source-only run
 * @param lambda         the GRL strength used in this step
 * @param learningRate   the learning rate used for this step's update
 * @param domains        each domain's own metrics with several sources; {@link DomainMetrics#NONE}
 *                       with one
 */
public record StepMetrics(long step, double loss, double labelLoss, double domainLoss, double domainAccuracy,
        double lambda, double learningRate, DomainMetrics domains) {
    public StepMetrics {
        domains = domains == null ? DomainMetrics.NONE : domains;
    }

    /** The metrics of a step with one source domain (no per-domain metrics). */
    public StepMetrics(long step, double loss, double labelLoss, double domainLoss, double domainAccuracy,
            double lambda, double learningRate) {
        this(step, loss, labelLoss, domainLoss, domainAccuracy, lambda, learningRate, DomainMetrics.NONE);
    }
}
