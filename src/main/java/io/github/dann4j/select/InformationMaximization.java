package io.github.dann4j.select;

import io.github.dann4j.internal.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Information maximisation on the target: IM = H(p̄) − (1/N) Σ_i H(p_i), where p_i =
 * softmax(logits_i), p̄ = (1/N) Σ_i p_i the mean prediction and H(q) = −Σ_c q_c log q_c
 * (natural log, 0·log 0 = 0). It is the mutual information between a target sample and its
 * predicted class: high when each prediction is confident (small mean entropy) and the classes are
 * used evenly (large entropy of the mean). Higher is better; between 0 and log C. Shi &amp; Sha,
 * ICML 2012; the negative of SHOT's L_ent − L_div (Liang et al., ICML 2020).
 */
public final class InformationMaximization extends NamedValidator {
    /** The validator. */
    public InformationMaximization() {
        super("im", Direction.HIGHER_IS_BETTER, false);
    }

    @Override
    public double score(ModelOutputs outputs) {
        try (PointerScope scope = new PointerScope()) {
            Tensor logP = Predictions.logProbabilities(Matrices.tensor(outputs.targetLogits()));
            double meanEntropy = Predictions.rowEntropy(logP).mean().item_double();
            double[] mean = Tensors.toDoubles(logP.exp().mean(0));
            return Predictions.entropy(mean) - meanEntropy;
        }
    }
}
