package io.github.dann4j.select;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Batch nuclear norm of the target predictions: ‖P‖_* / N, the sum of the singular values of the
 * N×C softmax matrix P (libtorch's {@code linalg_svdvals}, float64) divided by N. It grows with
 * both confidence and diversity of the predictions: for one-hot rows that use every class equally
 * it is √(C/N), its largest value; for uniform rows 1/√(NC). Higher is better. Cui et al.,
 * "Towards Discriminability and Diversity: Batch Nuclear-norm Maximization under Label
 * Insufficient Situations", CVPR 2020 (their loss is −‖A‖_* / B on a batch of B).
 */
public final class BatchNuclearNorm extends NamedValidator {
    /** The validator. */
    public BatchNuclearNorm() {
        super("bnm", Direction.HIGHER_IS_BETTER, false);
    }

    @Override
    public double score(ModelOutputs outputs) {
        try (PointerScope scope = new PointerScope()) {
            Tensor p = Predictions.logProbabilities(Matrices.tensor(outputs.targetLogits())).exp();
            return torch.linalg_svdvals(p).sum().item_double() / p.size(0);
        }
    }
}
