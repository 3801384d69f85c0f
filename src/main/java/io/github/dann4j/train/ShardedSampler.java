package io.github.dann4j.train;

/**
 * One rank's share of a global batch stream, DistributedSampler's semantics for batches: every
 * rank runs the same seeded {@code global} sampler and draws the whole global batch of
 * {@code worldSize × b} indices (one seeded permutation per pass, or uniform draws), then keeps
 * its contiguous slice {@code [rank·b, rank·b + b)}. The ranks' shares are disjoint and together
 * are exactly the batch one process with batch {@code worldSize × b} would draw, so W ranks × b
 * compute the update of 1 rank × W·b. {@link #position()} is the global stream's position: a
 * checkpoint of rank 0 resumes every rank.
 */
final class ShardedSampler implements BatchSampler {
    private final BatchSampler global;
    private final int rank;
    private final int worldSize;

    /** Takes ownership of {@code global}. */
    ShardedSampler(BatchSampler global, int rank, int worldSize) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " is not in a world of " + worldSize);
        }
        this.global = global;
        this.rank = rank;
        this.worldSize = worldSize;
    }

    /** This rank's {@code batchSize} indices of the next global batch of {@code worldSize × batchSize}. */
    @Override
    public long[] next(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        long globalBatch = (long) batchSize * worldSize;
        if (globalBatch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a global batch of " + batchSize + " x " + worldSize + " ranks is too large");
        }
        long[] all = global.next((int) globalBatch);
        long[] share = new long[batchSize];
        System.arraycopy(all, rank * batchSize, share, 0, batchSize);
        return share;
    }

    @Override
    public long position() {
        return global.position();
    }

    @Override
    public void seek(long position) {
        global.seek(position);
    }

    @Override
    public void close() {
        global.close();
    }
}
