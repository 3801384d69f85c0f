package io.github.dann4j.train;

/**
 * An endless, seeded stream of sample indices over {@code 0..size-1}, taken a batch at a time.
 * Its whole state is the seed and {@link #position()}, the number of indices handed out: a
 * checkpoint stores the position, and {@link #seek} on a sampler of the same size and seed
 * continues the stream exactly where it was.
 */
public interface BatchSampler extends AutoCloseable {

    /**
     * The sampler of {@code mode}: {@link CyclicSampler} for {@link SamplingMode#PASSES},
     * {@link ReplacementSampler} for {@link SamplingMode#REPLACEMENT} (which needs {@code shuffle}).
     *
     * @param size the dataset's number of samples, at least 1
     */
    static BatchSampler create(SamplingMode mode, int size, boolean shuffle, long seed) {
        if (mode == SamplingMode.REPLACEMENT) {
            if (!shuffle) {
                throw new IllegalArgumentException("sampling with replacement draws random batches; it cannot walk the data"
                        + " in order (shuffle off)");
            }
            return new ReplacementSampler(size, seed);
        }
        return new CyclicSampler(size, shuffle, seed);
    }

    /** The next {@code batchSize} indices, int64 values in {@code [0, size)}. */
    long[] next(int batchSize);

    /** How many indices have been handed out. */
    long position();

    /** Continues the stream from {@code position}, a value of {@link #position()}. */
    void seek(long position);

    /** Frees what the sampler holds natively (nothing for {@link CyclicSampler}); idempotent. */
    @Override
    void close();
}
