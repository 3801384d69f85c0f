package io.github.dann4j.plot;

import java.util.Arrays;

/**
 * Fewer points that draw the same curve: the points are cut into consecutive buckets and each
 * bucket keeps its smallest and its largest finite value, in their original order; the first and
 * the last finite points are kept too, so the curve spans the whole run. Spikes survive (unlike
 * taking every k-th point), and a 20,000-step run becomes a few hundred points.
 */
public final class Decimation {
    /** The points kept: x and y of equal length, x in the input's order. */
    public record Points(double[] x, double[] y) {
        /** The number of points kept. */
        public int size() {
            return x.length;
        }
    }

    private Decimation() {}

    /**
     * At most {@code 2 * buckets + 2} of the points ({@code x[i]}, {@code y[i]}): all of them when
     * there are no more than {@code 2 * buckets}; non-finite values of y are dropped.
     *
     * @throws IllegalArgumentException for arrays of different lengths or fewer than 1 bucket
     */
    public static Points minMax(double[] x, double[] y, int buckets) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " points, y " + y.length);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("need at least 1 bucket, got " + buckets);
        }
        int n = x.length;
        double[] keptX = new double[Math.min(n, 2 * buckets + 2)];
        double[] keptY = new double[keptX.length];
        int kept = 0;
        if (n <= 2 * buckets) {
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(y[i])) {
                    keptX[kept] = x[i];
                    keptY[kept++] = y[i];
                }
            }
            return new Points(Arrays.copyOf(keptX, kept), Arrays.copyOf(keptY, kept));
        }
        int firstFinite = 0;
        while (firstFinite < n && !Double.isFinite(y[firstFinite])) {
            firstFinite++;
        }
        int lastFinite = n - 1;
        while (lastFinite >= 0 && !Double.isFinite(y[lastFinite])) {
            lastFinite--;
        }
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) n * b / buckets);
            int to = (int) ((long) n * (b + 1) / buckets);
            int min = -1;
            int max = -1;
            for (int i = from; i < to; i++) {
                if (!Double.isFinite(y[i])) {
                    continue;
                }
                if (min < 0 || y[i] < y[min]) {
                    min = i;
                }
                if (max < 0 || y[i] > y[max]) {
                    max = i;
                }
            }
            if (min < 0) {
                continue;
            }
            int[] indices = {b == 0 ? firstFinite : min, min, max, b == buckets - 1 ? lastFinite : max};
            Arrays.sort(indices);
            for (int k = 0; k < indices.length; k++) {
                if (k == 0 || indices[k] != indices[k - 1]) {
                    keptX[kept] = x[indices[k]];
                    keptY[kept++] = y[indices[k]];
                }
            }
        }
        return new Points(Arrays.copyOf(keptX, kept), Arrays.copyOf(keptY, kept));
    }
}
