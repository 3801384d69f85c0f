package io.github.dann4j.train;

/** How a run draws its batches of sample indices from a dataset of n samples. */
public enum SamplingMode {
    /**
     * Passes over the data (the default): each pass is a fresh permutation drawn from the seed
     * and the pass number, or the data in order with {@code shuffle(false)}; every sample is seen
     * once per pass ({@link CyclicSampler}).
     */
    PASSES,
    /**
     * Each batch is {@code batch} indices drawn uniformly and independently from {@code 0..n-1},
     * as PyTorch's {@code torch.randint(n, (batch,), generator=g)} draws them, so a batch may hold
     * a sample twice ({@link ReplacementSampler}). Random by nature: refused with
     * {@code shuffle(false)}.
     */
    REPLACEMENT;

    /** Parses {@code passes} or {@code replacement}. */
    public static SamplingMode parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("sampling mode is null (use passes or replacement)");
        }
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "passes" -> PASSES;
            case "replacement" -> REPLACEMENT;
            default -> throw new IllegalArgumentException("sampling must be passes or replacement, got '" + name + "'");
        };
    }
}
