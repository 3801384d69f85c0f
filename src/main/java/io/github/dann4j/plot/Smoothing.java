package io.github.dann4j.plot;

/**
 * A centred moving average for noisy per-step values: point {@code i} becomes the mean of the
 * finite values among {@code i - w/2 .. i + w/2} (the window is cut at the ends, not padded).
 * Non-finite values (NaN, ±inf) are left out of every mean; a point whose window holds none is NaN.
 * Linear time, through prefix sums.
 */
public final class Smoothing {
    private Smoothing() {}

    /**
     * A window for {@code n} points: about 2% of them, odd, at least 1 (no smoothing below 50
     * points) and at most 501.
     */
    public static int window(int n) {
        int w = Math.max(1, Math.min(501, n / 50));
        return w % 2 == 0 ? w + 1 : w;
    }

    /**
     * The centred moving average of {@code values} over an odd {@code window}.
     *
     * @throws IllegalArgumentException for a window that is not a positive odd number
     */
    public static double[] movingAverage(double[] values, int window) {
        if (window < 1 || window % 2 == 0) {
            throw new IllegalArgumentException("the window must be a positive odd number, got " + window);
        }
        int n = values.length;
        double[] sum = new double[n + 1];
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            boolean finite = Double.isFinite(values[i]);
            sum[i + 1] = sum[i] + (finite ? values[i] : 0);
            count[i + 1] = count[i] + (finite ? 1 : 0);
        }
        int half = window / 2;
        double[] smoothed = new double[n];
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - half);
            int to = Math.min(n, i + half + 1);
            int c = count[to] - count[from];
            smoothed[i] = c == 0 ? Double.NaN : (sum[to] - sum[from]) / c;
        }
        return smoothed;
    }
}
