package io.github.dann4j.select;

import org.bytedeco.javacpp.PointerScope;

/**
 * Mean target prediction entropy: (1/N) Σ_i −Σ_c p_ic log p_ic, p_i = softmax(logits_i), natural
 * log, so 0 for one-hot predictions and log C for uniform ones. Lower is better: confident target
 * predictions (the entropy-minimisation assumption of Grandvalet &amp; Bengio, NIPS 2004; as a
 * validator e.g. Morerio et al., ICLR 2018). It rewards confidence, right or wrong.
 */
public final class PredictionEntropy extends NamedValidator {
    /** The validator. */
    public PredictionEntropy() {
        super("entropy", Direction.LOWER_IS_BETTER, false);
    }

    @Override
    public double score(ModelOutputs outputs) {
        try (PointerScope scope = new PointerScope()) {
            return Predictions.rowEntropy(Predictions.logProbabilities(Matrices.tensor(outputs.targetLogits()))).mean()
                    .item_double();
        }
    }
}
