package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimationTest {
    @Test
    void eachBucketKeepsItsMinimumAndMaximumInOrder() {
        Random random = new Random(3);
        int n = 10_007;
        int buckets = 97;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = random.nextGaussian() + (i % 1000 == 0 ? 50 : 0);
        }
        y[1234] = Double.NaN;
        Decimation.Points kept = Decimation.minMax(x, y, buckets);
        assertTrue(kept.size() <= 2 * buckets + 2 && kept.size() >= buckets, "kept " + kept.size());
        assertEquals(0, kept.x()[0], "the first point is kept");
        assertEquals(n - 1, kept.x()[kept.size() - 1], "the last point is kept");
        Map<Double, Double> byX = new HashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            if (i > 0) {
                assertTrue(kept.x()[i] > kept.x()[i - 1], "x out of order at " + i);
            }
            byX.put(kept.x()[i], kept.y()[i]);
            assertEquals(y[(int) kept.x()[i]], kept.y()[i], "a kept point is not an input point");
        }
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) n * b / buckets);
            int to = (int) ((long) n * (b + 1) / buckets);
            int min = -1;
            int max = -1;
            for (int i = from; i < to; i++) {
                if (Double.isNaN(y[i])) {
                    continue;
                }
                min = min < 0 || y[i] < y[min] ? i : min;
                max = max < 0 || y[i] > y[max] ? i : max;
            }
            assertTrue(byX.containsKey((double) min), "bucket " + b + " lost its minimum");
            assertTrue(byX.containsKey((double) max), "bucket " + b + " lost its maximum");
        }
        assertTrue(byX.containsKey(0.0) && byX.containsKey(5000.0), "spikes survive");
    }

    @Test
    void shortSeriesAreKeptWholeWithoutNonFiniteValues() {
        double[] x = {0, 1, 2, 3, 4};
        double[] y = {1, Double.NaN, 3, Double.POSITIVE_INFINITY, 5};
        Decimation.Points kept = Decimation.minMax(x, y, 10);
        assertArrayEquals(new double[] {0, 2, 4}, kept.x());
        assertArrayEquals(new double[] {1, 3, 5}, kept.y());
        assertEquals(0, Decimation.minMax(new double[] {1}, new double[] {Double.NaN}, 1).size());
        assertThrows(IllegalArgumentException.class, () -> Decimation.minMax(new double[2], new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> Decimation.minMax(new double[2], new double[2], 0));
    }
}
