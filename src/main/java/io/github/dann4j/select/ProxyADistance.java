package io.github.dann4j.select;

import io.github.dann4j.train.Evaluation;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * The proxy A-distance 2(1 − 2ε) between the model's source and target features (Ben-David et
 * al., NIPS 2006; Ganin et al., JMLR 2016 use it to show DANN's features are domain-invariant):
 * {@link Evaluation#proxyADistance} with {@value #EPOCHS} epochs and seed 0, on at most
 * {@value #DEFAULT_MAX_SAMPLES} evenly spaced samples of each domain (the source: both halves of
 * the held-out source data, train then validation). Lower is better (features the domains share),
 * though a model can reach 0 by forgetting the classes too: it says nothing about accuracy alone.
 */
public final class ProxyADistance extends NamedValidator {
    /** The validator. */
    public ProxyADistance() {
        super("pad", Direction.LOWER_IS_BETTER, true);
    }
    /** The default bound on the samples of each domain. */
    public static final int DEFAULT_MAX_SAMPLES = 2000;
    /** Training epochs of the linear domain classifier (as {@code dann4j evaluate}). */
    public static final int EPOCHS = 300;

    @Override
    public double score(ModelOutputs outputs) {
        outputs.requireSource(name());
        double[][] source = outputs.sourceFeatures();
        if (outputs.hasSourceTrain()) {
            double[][] train = outputs.sourceTrainFeatures();
            double[][] both = new double[train.length + source.length][];
            System.arraycopy(train, 0, both, 0, train.length);
            System.arraycopy(source, 0, both, train.length, source.length);
            source = both;
        }
        double[][] target = outputs.targetFeatures();
        if (source.length < 2 || target.length < 2) {
            throw new IllegalArgumentException("pad needs at least 2 source and 2 target samples, got " + source.length
                    + " and " + target.length);
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor a = Matrices.tensor(Matrices.rows(source, Matrices.evenlySpaced(source.length, DEFAULT_MAX_SAMPLES)));
            Tensor b = Matrices.tensor(Matrices.rows(target, Matrices.evenlySpaced(target.length, DEFAULT_MAX_SAMPLES)));
            return Evaluation.proxyADistance(a, b, EPOCHS, 0);
        }
    }
}
