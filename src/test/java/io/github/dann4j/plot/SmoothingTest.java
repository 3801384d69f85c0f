package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SmoothingTest {
    /** The mean of the finite values in the cut window, computed point by point. */
    private static double[] direct(double[] values, int window) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double sum = 0;
            int count = 0;
            for (int j = Math.max(0, i - window / 2); j <= Math.min(values.length - 1, i + window / 2); j++) {
                if (Double.isFinite(values[j])) {
                    sum += values[j];
                    count++;
                }
            }
            out[i] = count == 0 ? Double.NaN : sum / count;
        }
        return out;
    }

    @Test
    void movingAverageEqualsTheDirectMeanOverEachWindow() {
        Random random = new Random(5);
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * 3 + i * 0.01;
        }
        values[10] = Double.NaN;
        values[11] = Double.POSITIVE_INFINITY;
        values[500] = Double.NEGATIVE_INFINITY;
        for (int window : new int[] {1, 3, 7, 51, 999, 1501}) {
            double[] expected = direct(values, window);
            double[] actual = Smoothing.movingAverage(values, window);
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(expected[i])) {
                    assertTrue(Double.isNaN(actual[i]), "window " + window + " point " + i);
                } else {
                    assertEquals(expected[i], actual[i], 1e-9 * (1 + Math.abs(expected[i])), "window " + window + " point " + i);
                }
            }
        }
    }

    @Test
    void windowsWithNoFiniteValueAreNaNAndAWindowOfOneKeepsTheFiniteValues() {
        double[] values = {1, Double.NaN, Double.NaN, Double.NaN, 5};
        double[] smoothed = Smoothing.movingAverage(values, 3);
        assertEquals(1, smoothed[0]);
        assertTrue(Double.isNaN(smoothed[2]));
        assertEquals(5, smoothed[4]);
        assertArrayEquals(new double[] {1, Double.NaN, Double.NaN, Double.NaN, 5}, Smoothing.movingAverage(values, 1));
    }

    @Test
    void windowsAreOddAndGrowWithTheRun() {
        int previous = 0;
        for (int n : new int[] {0, 10, 49, 50, 100, 1000, 20_000, 1_000_000}) {
            int w = Smoothing.window(n);
            assertEquals(1, w % 2, "window " + w + " for " + n);
            assertTrue(w >= previous && w <= 501 && w <= Math.max(1, n / 10), "window " + w + " for " + n);
            previous = w;
        }
        assertEquals(1, Smoothing.window(49), "no smoothing of short runs");
        assertThrows(IllegalArgumentException.class, () -> Smoothing.movingAverage(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Smoothing.movingAverage(new double[3], 0));
    }
}
