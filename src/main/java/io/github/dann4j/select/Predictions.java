package io.github.dann4j.select;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Softmax and Shannon entropy of logits in float64, shared by the prediction-based validators. Not public API. */
final class Predictions {
    private Predictions() {}

    /** log softmax over the classes of float64 logits {@code [N, C]} (in the caller's scope). */
    static Tensor logProbabilities(Tensor logits) {
        return torch.log_softmax(logits, 1);
    }

    /**
     * Each row's Shannon entropy −Σ_c p_c log p_c (natural log), {@code [N]}, from log
     * probabilities; a p that underflows to 0 contributes 0·log p = 0 (log p stays finite).
     */
    static Tensor rowEntropy(Tensor logProbabilities) {
        return logProbabilities.exp().mul(logProbabilities).sum(1).neg();
    }

    /** The entropy of one probability vector, with 0·log 0 = 0. */
    static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    /** Each row's arg-max (the first of equal maxima): the class a model predicts from logits {@code [N][C]}. */
    static int[] argmax(double[][] logits) {
        int[] out = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            int best = 0;
            for (int c = 1; c < logits[i].length; c++) {
                if (logits[i][c] > logits[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
