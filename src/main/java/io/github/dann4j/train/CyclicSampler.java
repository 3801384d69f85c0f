package io.github.dann4j.train;

/**
 * {@link SamplingMode#PASSES}: an endless stream of sample indices over {@code 0..size-1}, taken
 * a batch at a time. Without shuffling it walks the data in order and wraps around (batch k of
 * size b is indices {@code k*b .. k*b+b-1} modulo size). With shuffling each pass is a fresh permutation drawn from
 * the seed and the pass number, so the whole state is one counter: checkpoints store it and a
 * resumed run sees the same batches.
 */
public final class CyclicSampler implements BatchSampler {
    private final int size;
    private final boolean shuffle;
    private final long seed;
    private long consumed;
    private int[] permutation;
    private long permutationPass = -1;

    public CyclicSampler(int size, boolean shuffle, long seed) {
        if (size <= 0) {
            throw new IllegalArgumentException("cannot sample from an empty dataset");
        }
        this.size = size;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** The next {@code batchSize} indices. */
    @Override
    public long[] next(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        io.github.dann4j.runtime.Limits.requireMemory(io.github.dann4j.runtime.Limits.times(batchSize, Long.BYTES),
                "a batch of " + batchSize + " sample indices");
        long[] batch = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            long pass = consumed / size;
            int offset = (int) (consumed % size);
            batch[i] = shuffle ? permutationFor(pass)[offset] : offset;
            consumed++;
        }
        return batch;
    }

    /** How many indices have been handed out; with the seed, the sampler's whole state. */
    @Override
    public long position() {
        return consumed;
    }

    /** Restores a position from {@link #position()}. */
    @Override
    public void seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + position);
        }
        consumed = position;
    }

    /** Holds nothing native. */
    @Override
    public void close() {}

    private int[] permutationFor(long pass) {
        if (pass != permutationPass) {
            int[] p = new int[size];
            for (int i = 0; i < size; i++) {
                p[i] = i;
            }
            SplitMix64 random = new SplitMix64(seed * 0x9E3779B97F4A7C15L + pass);
            for (int i = size - 1; i > 0; i--) { // Fisher-Yates
                int j = (int) Long.remainderUnsigned(random.next(), i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            permutation = p;
            permutationPass = pass;
        }
        return permutation;
    }

    /** Steele, Lea &amp; Flood's SplitMix64: tiny, fast, and fully determined by its seed. */
    private static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        long next() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
