package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Sampling with replacement: deterministic from the seed, the same stream however it is cut
 * into batches or sought, uniform, and refused where it contradicts the configuration. (That the
 * draws are PyTorch's is {@code parity.ReplacementSamplingParityTest}.)
 */
class ReplacementSamplerTest {

    private static long[] stream(ReplacementSampler sampler, int... batches) {
        return Arrays.stream(batches).mapToObj(sampler::next).flatMapToLong(LongStream::of).toArray();
    }

    @Test
    void theSeedFixesTheStreamAndBatchBoundariesDoNotMatter() {
        try (ReplacementSampler a = new ReplacementSampler(13, 42); ReplacementSampler b = new ReplacementSampler(13, 42);
                ReplacementSampler c = new ReplacementSampler(13, 43)) {
            long[] whole = stream(a, 40);
            assertArrayEquals(whole, stream(b, 3, 5, 1, 31));
            assertFalse(Arrays.equals(whole, stream(c, 40)));
            assertTrue(Arrays.stream(whole).allMatch(i -> i >= 0 && i < 13), Arrays.toString(whole));
            assertEquals(40, a.position());
        }
    }

    @Test
    void seekingForwardOrBackContinuesTheSameStream() {
        try (ReplacementSampler reference = new ReplacementSampler(1000, 9); ReplacementSampler sampler = new ReplacementSampler(1000, 9)) {
            long[] all = stream(reference, 200_000); // past one seek chunk (65,536 draws)
            sampler.seek(150_000);
            assertArrayEquals(Arrays.copyOfRange(all, 150_000, 150_064), sampler.next(64));
            sampler.seek(7); // back: replays from the seed
            assertArrayEquals(Arrays.copyOfRange(all, 7, 17), sampler.next(10));
            sampler.seek(17); // where it is: no change
            assertArrayEquals(Arrays.copyOfRange(all, 17, 20), sampler.next(3));
            assertEquals(20, sampler.position());
        }
    }

    /**
     * Batches of 5 from 10 samples, 100,000 indices: every count near 10,000 (chi-square, 9
     * degrees of freedom), and a batch repeats a sample with probability 1 - 10·9·8·7·6/10^5 =
     * 0.6976 (shuffled passes never would: a batch of 5 lies inside one pass of 10).
     */
    @Test
    void indicesAreUniformAndBatchesRepeatSamples() {
        try (ReplacementSampler sampler = new ReplacementSampler(10, 3)) {
            long[] counts = new long[10];
            int batchesWithRepeats = 0;
            for (int k = 0; k < 20_000; k++) {
                long[] batch = sampler.next(5);
                Arrays.stream(batch).forEach(i -> counts[(int) i]++);
                batchesWithRepeats += Arrays.stream(batch).distinct().count() < batch.length ? 1 : 0;
            }
            double chiSquare = Arrays.stream(counts).mapToDouble(c -> (c - 10_000.0) * (c - 10_000.0) / 10_000.0).sum();
            assertTrue(chiSquare < 27.88, "chi-square " + chiSquare + " (p < 0.001) for counts " + Arrays.toString(counts));
            double repeats = batchesWithRepeats / 20_000.0;
            assertTrue(Math.abs(repeats - 0.6976) < 0.02, "share of batches with a repeated sample " + repeats);
        }
        try (ReplacementSampler sampler = new ReplacementSampler(1 << 20, 5)) {
            long[] big = stream(sampler, 4096);
            assertTrue(Arrays.stream(big).distinct().count() > 4000, "draws spread over a large dataset");
        }
    }

    @Test
    void badArgumentsAndContradictionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReplacementSampler(0, 1));
        try (ReplacementSampler sampler = new ReplacementSampler(5, 1)) {
            assertThrows(IllegalArgumentException.class, () -> sampler.next(0));
            assertThrows(IllegalArgumentException.class, () -> sampler.seek(-1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sampler.next(Integer.MAX_VALUE));
            assertTrue(e.getMessage().startsWith("a batch of 2147483647 sample indices would need"), e.getMessage());
        }
        try (BatchSampler replacement = BatchSampler.create(SamplingMode.REPLACEMENT, 5, true, 1);
                BatchSampler passes = BatchSampler.create(SamplingMode.PASSES, 5, false, 1)) {
            assertInstanceOf(ReplacementSampler.class, replacement);
            assertInstanceOf(CyclicSampler.class, passes);
        }
        String e = assertThrows(IllegalArgumentException.class,
                () -> BatchSampler.create(SamplingMode.REPLACEMENT, 5, false, 1)).getMessage();
        assertTrue(e.contains("cannot walk the data in order"), e);
        String config = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder()
                .sampling(SamplingMode.REPLACEMENT).shuffle(false).build()).getMessage();
        assertTrue(config.contains("cannot be combined with shuffle(false)"), config);
        assertThrows(NullPointerException.class, () -> TrainingConfig.builder().sampling(null));
    }

    @Test
    void modesParseAndTheSignatureNamesReplacement() {
        assertEquals(SamplingMode.PASSES, SamplingMode.parse("passes"));
        assertEquals(SamplingMode.REPLACEMENT, SamplingMode.parse(" Replacement "));
        String e = assertThrows(IllegalArgumentException.class, () -> SamplingMode.parse("random")).getMessage();
        assertEquals("sampling must be passes or replacement, got 'random'", e);
        assertThrows(IllegalArgumentException.class, () -> SamplingMode.parse(null));
        assertEquals(SamplingMode.PASSES, TrainingConfig.builder().build().sampling());
        assertFalse(TrainingConfig.builder().build().signature().contains("sampling"), "passes keeps today's signature");
        assertTrue(TrainingConfig.builder().sampling(SamplingMode.REPLACEMENT).build().signature()
                .contains("sampling=REPLACEMENT"));
    }
}
