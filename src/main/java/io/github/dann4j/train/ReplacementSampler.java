package io.github.dann4j.train;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.runtime.Limits;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Batches drawn with replacement: every index uniform on {@code 0..size-1}, independent of the
 * others, so a batch may hold a sample twice and a pass may miss some. The draws are PyTorch's:
 * the sampler owns one libtorch CPU generator (mt19937) seeded with {@code seed}, and a batch of
 * b is {@code torch.randint(size, (b,), generator=g)}, i.e. in Python
 *
 * <pre>
 * g = torch.Generator().manual_seed(seed)
 * batch_k = torch.randint(size, (b,), generator=g)   # k = 0, 1, 2, ...
 * </pre>
 *
 * Each index costs one 32-bit draw of the generator ({@code random() % size}, PyTorch's mapping),
 * so the stream of indices does not depend on how it is cut into batches. libtorch seeds mt19937
 * with the low 32 bits of the seed only: seeds that differ above bit 31 give the same stream.
 *
 * <p>{@link #seek} replays the stream from the seed (drawing and dropping {@code position}
 * indices, over 10^8 a second on one core), so a resumed run continues exactly; checkpoints
 * bound the position by what their run can have drawn. Not thread-safe, like the trainer that
 * uses it.
 */
public final class ReplacementSampler implements BatchSampler {
    /** Indices drawn at a time when seeking. */
    private static final int SKIP_CHUNK = 1 << 16;

    private final int size;
    private final long seed;
    private final Generator generator;
    private long consumed;

    /**
     * @param size the dataset's number of samples, at least 1
     * @param seed the generator's seed ({@code torch.Generator().manual_seed(seed)})
     */
    public ReplacementSampler(int size, long seed) {
        if (size <= 0) {
            throw new IllegalArgumentException("cannot sample from an empty dataset");
        }
        this.size = size;
        this.seed = seed;
        this.generator = torch.createCPUGenerator(seed);
    }

    @Override
    public long[] next(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        Limits.requireMemory(Limits.times(batchSize, 2L * Long.BYTES), "a batch of " + batchSize + " sample indices");
        long[] batch = draw(batchSize);
        consumed += batchSize;
        return batch;
    }

    @Override
    public long position() {
        return consumed;
    }

    @Override
    public void seek(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + position);
        }
        if (position < consumed) {
            generator.set_current_seed(seed);
            consumed = 0;
        }
        while (consumed < position) {
            int chunk = (int) Math.min(SKIP_CHUNK, position - consumed);
            draw(chunk);
            consumed += chunk;
        }
    }

    /** {@code count} indices from the generator: int64 {@code [count]}, copied out. */
    private long[] draw(int count) {
        try (PointerScope scope = new PointerScope()) {
            return Tensors.toLongs(torch.randint(size, new long[] {count}, new GeneratorOptional(generator)));
        }
    }

    @Override
    public void close() {
        generator.close();
    }
}
