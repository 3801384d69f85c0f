package io.github.dann4j.train;

/**
 * How the domain classifier's losses on the source and the target batch combine into l_d.
 *
 * <p>With equal batch sizes {@code MEAN} is half of {@code SUM}: a factor of 2 on the reversed
 * gradient that reaches the feature extractor (an effective λ twice as large). With unequal
 * batch sizes they also weigh the domains differently: {@code SUM} gives each domain the same
 * weight, {@code MEAN} each sample.
 */
public enum DomainLossReduction {
    /**
     * {@code l_d = mean_source BCE(d, 0) + mean_target BCE(d, 1)}: as many PyTorch implementations
     * write it, and what dann4j's first parity references use. The default, for compatibility
     * with them.
     */
    SUM,
    /**
     * One binary cross-entropy averaged over the concatenated source+target batch:
     * {@code l_d = (sum_source BCE(d, 0) + sum_target BCE(d, 1)) / (n_source + n_target)}, with n
     * the number of domain outputs of each batch; PyTorch's
     * {@code BCE(cat([d_s, d_t]), cat([zeros, ones]))}, as in Ganin et al.'s Caffe set-up for the
     * digits experiments. For equal batch sizes, {@code (mean_source + mean_target) / 2}.
     *
     * <p>Before issue 21 MEAN was {@code (mean_source + mean_target) / 2} for every batch size;
     * checkpoints written then name it {@code domainLoss=MEAN} and are refused (see
     * {@link #signatureName()}).
     */
    MEAN;

    /**
     * The name in a checkpoint's configuration signature; {@code MEAN_CONCATENATED} for MEAN, so
     * that a checkpoint of the old MEAN ({@code domainLoss=MEAN}, the half sum) does not resume
     * under the new definition.
     */
    String signatureName() {
        return this == MEAN ? "MEAN_CONCATENATED" : name();
    }

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
