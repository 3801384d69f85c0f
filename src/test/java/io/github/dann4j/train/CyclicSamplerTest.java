package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CyclicSamplerTest {

    @Test
    void withoutShuffleItWalksTheDataInOrderAndWraps() {
        CyclicSampler sampler = new CyclicSampler(30, false, 0);
        sampler.next(8);
        sampler.next(8);
        sampler.next(8);
        assertArrayEquals(new long[] {24, 25, 26, 27, 28, 29, 0, 1}, sampler.next(8));
    }

    @Test
    void shuffledPassesArePermutationsThatDifferAndRepeatWithTheSeed() {
        CyclicSampler a = new CyclicSampler(10, true, 42);
        long[] first = a.next(10);
        long[] second = a.next(10);
        long[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertFalse(Arrays.equals(first, second), "each pass should have its own order");
        CyclicSampler b = new CyclicSampler(10, true, 42);
        assertArrayEquals(first, b.next(10));
        assertFalse(Arrays.equals(first, new CyclicSampler(10, true, 43).next(10)));
    }

    @Test
    void seekingToAPositionReproducesTheStream() {
        CyclicSampler a = new CyclicSampler(7, true, 5);
        a.next(5);
        a.next(5);
        long position = a.position();
        long[] expected = a.next(6);
        CyclicSampler b = new CyclicSampler(7, true, 5);
        b.seek(position);
        assertArrayEquals(expected, b.next(6));
        assertEquals(16, b.position());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new CyclicSampler(0, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new CyclicSampler(3, false, 0).next(0));
        assertThrows(IllegalArgumentException.class, () -> new CyclicSampler(3, false, 0).seek(-1));
    }
}
