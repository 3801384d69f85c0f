package io.github.dann4j.select;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Soft neighbourhood density (Saito et al., "Tune it the Right Way: Unsupervised Validation of
 * Domain Adaptation via Soft Neighborhood Density", ICCV 2021). With p_i = softmax(logits_i) on
 * the target and p̂_i = p_i / ‖p_i‖₂:
 *
 * <pre>
 *   S_ij = p̂_i · p̂_j                       (i ≠ j; the diagonal is excluded)
 *   Q_ij = exp(S_ij / τ) / Σ_{k≠i} exp(S_ik / τ)
 *   SND  = (1/N) Σ_i −Σ_{j≠i} Q_ij log Q_ij
 * </pre>
 *
 * τ = 0.05 by default (the paper's). Higher is better: samples whose predictions have many close
 * neighbours form dense clusters. Identical predictions everywhere give log(N − 1). The N×N matrix
 * is bounded by using at most {@code maxSamples} evenly spaced target rows (default
 * {@value #DEFAULT_MAX_SAMPLES}, so 32 MB in float64).
 */
public final class SoftNeighborhoodDensity extends NamedValidator {
    /** The paper's temperature. */
    public static final double DEFAULT_TEMPERATURE = 0.05;
    /** The default bound on the rows of the similarity matrix. */
    public static final int DEFAULT_MAX_SAMPLES = 2000;

    private final double temperature;
    private final int maxSamples;

    /** τ = 0.05, at most 2000 samples. */
    public SoftNeighborhoodDensity() {
        this(DEFAULT_TEMPERATURE, DEFAULT_MAX_SAMPLES);
    }

    /**
     * @param temperature τ, positive and finite
     * @param maxSamples  the most target rows used (evenly spaced), at least 2
     */
    public SoftNeighborhoodDensity(double temperature, int maxSamples) {
        super("snd", Direction.HIGHER_IS_BETTER, false);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the SND temperature must be positive and finite, got " + temperature);
        }
        if (maxSamples < 2) {
            throw new IllegalArgumentException("SND needs at least 2 samples, got maxSamples " + maxSamples);
        }
        this.temperature = temperature;
        this.maxSamples = maxSamples;
    }

    @Override
    public double score(ModelOutputs outputs) {
        double[][] all = outputs.targetLogits();
        if (all.length < 2) {
            throw new IllegalArgumentException("snd needs at least 2 target samples, got " + all.length);
        }
        double[][] rows = Matrices.rows(all, Matrices.evenlySpaced(all.length, maxSamples));
        try (PointerScope scope = new PointerScope()) {
            Tensor p = Predictions.logProbabilities(Matrices.tensor(rows)).exp();
            Tensor unit = p.div(torch.norm(p, new org.bytedeco.pytorch.ScalarOptional(new Scalar(2.0)),
                    new long[] {1}, true));
            Tensor logits = unit.mm(unit.t()).div(new Scalar(temperature));
            logits.fill_diagonal_(new Scalar(Double.NEGATIVE_INFINITY));
            Tensor logQ = torch.log_softmax(logits, 1);
            Tensor q = logQ.exp();            // the diagonal is exp(−inf) = 0
            logQ.fill_diagonal_(new Scalar(0.0)); // so 0 · 0 there, not 0 · (−inf)
            return q.mul(logQ).sum(1).neg().mean().item_double();
        }
    }
}
