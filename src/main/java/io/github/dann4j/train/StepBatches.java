package io.github.dann4j.train;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * The batches of one training step, on the training device: one labelled batch for each source
 * domain (in the order the sources were given) and one unlabelled target batch.
 *
 * @param sourceX one batch of inputs for each source {@code [batch_k, ...]}
 * @param sourceY their labels, in the same order
 * @param targetX the target batch; null in a source-only run
 */
public record StepBatches(List<Tensor> sourceX, List<Tensor> sourceY, Tensor targetX) {
    public StepBatches {
        if (sourceX == null || sourceY == null || sourceX.isEmpty() || sourceX.size() != sourceY.size()) {
            throw new IllegalArgumentException("a step needs one labelled batch for each source domain");
        }
        sourceX = List.copyOf(sourceX);
        sourceY = List.copyOf(sourceY);
    }

    /** One source domain. */
    public static StepBatches of(Tensor sourceX, Tensor sourceY, Tensor targetX) {
        return new StepBatches(List.of(sourceX), List.of(sourceY), targetX);
    }

    /** The number of source domains. */
    public int sources() {
        return sourceX.size();
    }
}
