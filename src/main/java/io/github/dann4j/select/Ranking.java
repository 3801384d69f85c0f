package io.github.dann4j.select;

import java.util.Arrays;

/** Choosing among scored models, and how well a score ranks them (for comparison with true accuracy). */
public final class Ranking {
    private Ranking() {}

    /**
     * The index of the best score in {@code direction} (the first of equal ones); NaN scores are
     * never chosen.
     *
     * @return the index, or -1 when every score is NaN or there is none
     */
    public static int best(double[] scores, Direction direction) {
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isNaN(scores[i]) && (best < 0 || direction.oriented(scores[i]) > direction.oriented(scores[best]))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Spearman's rank correlation ρ: the Pearson correlation of the ranks of {@code x} and
     * {@code y} (tied values get the mean of their ranks), over the pairs where neither is NaN.
     *
     * @return ρ in [−1, 1], or NaN for fewer than 2 pairs or when either side is constant
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Spearman's rho needs two series of one length, got " + x.length + " and " + y.length);
        }
        int n = 0;
        double[] a = new double[x.length];
        double[] b = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                a[n] = x[i];
                b[n] = y[i];
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        return pearson(ranks(Arrays.copyOf(a, n)), ranks(Arrays.copyOf(b, n)));
    }

    /** Ranks 1..n, ties sharing the mean of the ranks they span. */
    static double[] ranks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[i], values[j]));
        double[] ranks = new double[n];
        for (int start = 0; start < n;) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}
