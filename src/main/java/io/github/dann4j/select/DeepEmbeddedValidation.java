package io.github.dann4j.select;

import io.github.dann4j.internal.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Deep embedded validation (You et al., "Towards Accurate Model Selection in Deep Unsupervised
 * Domain Adaptation", ICML 2019): the source validation loss, importance-weighted towards the
 * target, with a control variate. Lower is better.
 *
 * <ol>
 *   <li>A logistic-regression domain classifier ({@code DomainClassifier}: standardised features,
 *       zero init, {@value #DEFAULT_ITERATIONS} full-batch gradient-descent steps of size
 *       {@value #DEFAULT_LEARNING_RATE}, float64, no randomness) learns source-train features
 *       F_s (n_s rows, label 0) against target features F_t (n_t rows, label 1).
 *   <li>On each held-out source validation sample i, the density ratio
 *       w_i = p(target|x_i) / p(source|x_i) · n_s / n_t = exp(logit_i) · n_s / n_t, and the loss
 *       L_i = −log softmax(logits_i)[y_i] (cross-entropy).
 *   <li>With W_i = L_i·w_i and η = −Cov(W, w) / Var(w) (sample covariance and variance, n − 1;
 *       η = 0 when the weights are equal up to rounding: std(w) ≤ 1e-12·|mean(w)|): risk = mean(W) + η·mean(w) − η.
 * </ol>
 *
 * The paper fits its domain classifier to convergence; a fixed budget keeps the score exactly
 * reproducible (reference/validators.py) and bounded in time.
 */
public final class DeepEmbeddedValidation extends NamedValidator {
    /** Gradient-descent steps of the domain classifier. */
    public static final int DEFAULT_ITERATIONS = 500;
    /** Its step size (safe: the standardisation bounds the curvature by ½). */
    public static final double DEFAULT_LEARNING_RATE = 2.0;

    private final int iterations;
    private final double learningRate;

    /** {@value #DEFAULT_ITERATIONS} steps of size {@value #DEFAULT_LEARNING_RATE}. */
    public DeepEmbeddedValidation() {
        this(DEFAULT_ITERATIONS, DEFAULT_LEARNING_RATE);
    }

    /**
     * @param iterations   gradient-descent steps, at least 0
     * @param learningRate the step size, positive
     */
    public DeepEmbeddedValidation(int iterations, double learningRate) {
        super("dev", Direction.LOWER_IS_BETTER, true);
        if (iterations < 0 || !(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("dev needs iterations >= 0 and a positive learning rate, got "
                    + iterations + " and " + learningRate);
        }
        this.iterations = iterations;
        this.learningRate = learningRate;
    }

    @Override
    public double score(ModelOutputs outputs) {
        outputs.requireSource(name());
        outputs.requireSourceTrain(name());
        double[][] trainFeatures = outputs.sourceTrainFeatures();
        double[][] targetFeatures = outputs.targetFeatures();
        double[] w;
        double[] losses;
        try (PointerScope scope = new PointerScope()) {
            DomainClassifier classifier = DomainClassifier.fit(Matrices.tensor(trainFeatures),
                    Matrices.tensor(targetFeatures), iterations, learningRate);
            double ratio = (double) trainFeatures.length / targetFeatures.length;
            w = Tensors.toDoubles(classifier.logits(Matrices.tensor(outputs.sourceFeatures())).exp());
            for (int i = 0; i < w.length; i++) {
                w[i] *= ratio;
            }
            double[] logP = Tensors.toDoubles(Predictions.logProbabilities(Matrices.tensor(outputs.sourceLogits())));
            int[] labels = outputs.sourceLabels();
            int c = outputs.classes();
            losses = new double[labels.length];
            for (int i = 0; i < labels.length; i++) {
                losses[i] = -logP[i * c + labels[i]];
            }
        }
        return risk(losses, w);
    }

    /** mean(L·w) + η·mean(w) − η with the control variate η = −Cov(L·w, w)/Var(w). */
    static double risk(double[] losses, double[] w) {
        int m = w.length;
        double[] weighted = new double[m];
        for (int i = 0; i < m; i++) {
            weighted[i] = losses[i] * w[i];
        }
        double meanWeighted = mean(weighted);
        double meanW = mean(w);
        if (m < 2) {
            return meanWeighted;
        }
        double cov = 0;
        double var = 0;
        for (int i = 0; i < m; i++) {
            cov += (weighted[i] - meanWeighted) * (w[i] - meanW);
            var += (w[i] - meanW) * (w[i] - meanW);
        }
        cov /= m - 1;
        var /= m - 1;
        // Weights equal up to rounding (e.g. a domain classifier that learnt nothing) leave η
        // undefined, and a variance of rounding errors would make it arbitrary: η = 0 then.
        double eta = Math.sqrt(var) > 1e-12 * Math.abs(meanW) ? -cov / var : 0;
        return meanWeighted + eta * meanW - eta;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
