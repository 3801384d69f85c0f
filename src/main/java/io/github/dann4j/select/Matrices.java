package io.github.dann4j.select;

import io.github.dann4j.internal.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Rows of doubles to float64 tensors, shape checks and the deterministic subsample. Not public API. */
final class Matrices {
    private Matrices() {}

    /** A float64 CPU tensor {@code [N, D]} of the rows (in the caller's scope). */
    static Tensor tensor(double[][] rows) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] flat = new double[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Tensors.fromDoubles(flat, ScalarType.Double, n, d);
    }

    /**
     * {@code min(n, max)} evenly spaced indices {@code floor(i·n / m)}, i = 0..m−1: all of
     * {@code 0..n-1} when {@code n <= max}. Deterministic without a random generator, so a script
     * in any language picks the same rows.
     */
    static int[] evenlySpaced(int n, int max) {
        int m = Math.min(n, max);
        int[] indices = new int[m];
        for (int i = 0; i < m; i++) {
            indices[i] = (int) ((long) i * n / m);
        }
        return indices;
    }

    /** The rows at {@code indices}. */
    static double[][] rows(double[][] m, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = m[indices[i]];
        }
        return out;
    }

    /**
     * Checks {@code m} is a non-empty rectangular matrix of finite values, {@code width} wide when
     * {@code width >= 0}, naming it in the message.
     *
     * @return its width
     */
    static int requireMatrix(double[][] m, String what, int width) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        int d = m[0] == null ? 0 : m[0].length;
        if (d == 0) {
            throw new IllegalArgumentException(what + " has rows of width 0");
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != d) {
                throw new IllegalArgumentException(what + ": row " + i + " has " + (m[i] == null ? "no" : m[i].length)
                        + " values, row 0 has " + d);
            }
            for (double v : m[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + ": row " + i + " holds " + v);
                }
            }
        }
        if (width >= 0 && d != width) {
            throw new IllegalArgumentException(what + " is " + d + " wide; expected " + width);
        }
        return d;
    }
}
