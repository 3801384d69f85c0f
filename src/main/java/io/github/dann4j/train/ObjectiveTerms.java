package io.github.dann4j.train;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * The loss terms and outputs of one forward pass of an {@link Objective}.
 *
 * @param total          e = l_y + l_d, a 0-dim tensor to call backward on
 * @param labelLoss      l_y, 0-dim
 * @param domainLoss     l_d, 0-dim; null when source-only
 * @param classOutputs   the label predictor's outputs for each source batch {@code [batch_k, classes]}
 * @param domainOutputs  the domain classifier's outputs for each source batch, then the target
 *                       batch {@code [batch, outputs]}; empty when source-only
 * @param sourceFeatures the features of each source batch {@code [batch_k, featureSize]}
 */
public record ObjectiveTerms(Tensor total, Tensor labelLoss, Tensor domainLoss, List<Tensor> classOutputs,
        List<Tensor> domainOutputs, List<Tensor> sourceFeatures) {
    public ObjectiveTerms {
        classOutputs = List.copyOf(classOutputs);
        domainOutputs = List.copyOf(domainOutputs);
        sourceFeatures = List.copyOf(sourceFeatures);
    }

    /** The first source batch's class logits. */
    public Tensor classLogits() {
        return classOutputs.get(0);
    }

    /** The first source batch's domain outputs; null when source-only. */
    public Tensor domainSource() {
        return domainOutputs.isEmpty() ? null : domainOutputs.get(0);
    }

    /** The target batch's domain outputs; null when source-only. */
    public Tensor domainTarget() {
        return domainOutputs.isEmpty() ? null : domainOutputs.get(domainOutputs.size() - 1);
    }

    /** Whether the run has a domain branch (not source-only). */
    public boolean adversarial() {
        return domainLoss != null;
    }
}
