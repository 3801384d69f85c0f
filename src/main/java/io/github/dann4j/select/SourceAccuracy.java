package io.github.dann4j.select;

/**
 * Source validation accuracy: the share of held-out labelled source samples whose arg-max logit
 * is their label (the first of equal maxima). Higher is better. The classic baseline of
 * model selection under shift (e.g. Ganin et al., JMLR 2016, compare it with reverse validation);
 * it cannot see the target, so it tends to prefer models that fit the source best.
 */
public final class SourceAccuracy extends NamedValidator {
    /** The validator. */
    public SourceAccuracy() {
        super("source-accuracy", Direction.HIGHER_IS_BETTER, true);
    }

    @Override
    public double score(ModelOutputs outputs) {
        outputs.requireSource(name());
        return accuracy(outputs.sourceLogits(), outputs.sourceLabels());
    }

    /**
     * The share of rows of {@code logits} {@code [N][C]} whose arg-max (the first of equal maxima)
     * is the label {@code [N]}; for any labelled set (e.g. the true target accuracy, where it is
     * known, to compare validators with).
     */
    public static double accuracy(double[][] logits, int[] labels) {
        if (logits == null || labels == null || logits.length != labels.length || logits.length == 0) {
            throw new IllegalArgumentException("accuracy needs as many labels as logit rows (at least one), got "
                    + (logits == null ? "no" : logits.length) + " rows and " + (labels == null ? "no" : labels.length) + " labels");
        }
        int[] predicted = Predictions.argmax(logits);
        int correct = 0;
        for (int i = 0; i < logits.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / logits.length;
    }
}
