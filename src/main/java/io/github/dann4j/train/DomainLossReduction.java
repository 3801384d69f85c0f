package io.github.dann4j.train;

/**
 * How the domain losses of the source and the target batch combine into l_d.
 *
 * <p>Both weigh each domain equally whatever the batch sizes; they differ by a factor of 2, which
 * is a factor of 2 on the reversed gradient that reaches the feature extractor (an effective λ
 * twice as large).
 */
public enum DomainLossReduction {
    /**
     * {@code l_d = mean_source + mean_target}: as many PyTorch implementations write it, and what
     * dann4j's parity references use. The default, for compatibility with them.
     */
    SUM,
    /**
     * {@code l_d = (mean_source + mean_target) / 2}: with equal batch sizes, one logistic loss
     * averaged over the whole source+target batch, as in Ganin et al.'s Caffe set-up for the digits
     * experiments (and tllib's DomainAdversarialLoss).
     */
    MEAN;

    /** Parses {@code sum} or {@code mean}. */
    public static DomainLossReduction parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("domain loss reduction is null (use sum or mean)");
        }
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sum" -> SUM;
            case "mean" -> MEAN;
            default -> throw new IllegalArgumentException("domain loss reduction must be sum or mean, got '" + name + "'");
        };
    }
}
