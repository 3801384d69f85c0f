package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;

/**
 * What one training step minimises: the loss of a model on a step's batches. {@link DannTrainer}
 * runs the same step for every objective (forward, one backward of {@link ObjectiveTerms#total()},
 * one optimizer step); {@link AdversarialObjective} composes the ones dann4j ships from a label
 * loss, a {@link Method} and the domain labelling.
 */
public interface Objective {
    /**
     * The forward pass of one step. Everything it returns lives in the caller's PointerScope.
     *
     * @throws IllegalArgumentException if the batches do not fit the objective (e.g. no target batch
     *         for an adversarial objective)
     */
    ObjectiveTerms compute(DannModel model, StepBatches batches);
}
