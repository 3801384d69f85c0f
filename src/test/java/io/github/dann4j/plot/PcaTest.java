package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pca against a Jacobi eigen-decomposition in plain Java doubles, and on data with a known direction. */
class PcaTest {
    /** Eigenvalues (descending) and unit eigenvectors (rows) of a symmetric matrix by cyclic Jacobi rotations. */
    private static double[][] jacobi(double[][] symmetric, double[] eigenvalues) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // A <- A J
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // A <- J^T A
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) { // V <- V J
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            eigenvalues[i] = a[order[i]][order[i]];
            for (int k = 0; k < n; k++) {
                vectors[i][k] = v[k][order[i]];
            }
        }
        return vectors;
    }

    private static double[][] randomRows(int n, int d, long seed) {
        Random random = new Random(seed);
        double[] scales = new double[d];
        for (int j = 0; j < d; j++) {
            scales[j] = 0.5 + 3 * random.nextDouble(); // distinct variances, so the components are well defined
        }
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            double shared = random.nextGaussian();
            for (int j = 0; j < d; j++) {
                rows[i][j] = 5 + scales[j] * random.nextGaussian() + (j % 2 == 0 ? shared : -0.5 * shared);
            }
        }
        return rows;
    }

    @Test
    void agreesWithJacobiOnTheCovariance() {
        double[][] a = randomRows(40, 6, 11);
        double[][] b = randomRows(25, 6, 12);
        Pca pca = Pca.fit(2, a, b);

        int n = a.length + b.length;
        double[][] all = new double[n][];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        double[] mean = new double[6];
        for (double[] row : all) {
            for (int j = 0; j < 6; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] covariance = new double[6][6];
        for (double[] row : all) {
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    covariance[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (n - 1);
                }
            }
        }
        double[] eigenvalues = new double[6];
        double[][] vectors = jacobi(covariance, eigenvalues);
        double trace = 0;
        for (int i = 0; i < 6; i++) {
            trace += covariance[i][i];
        }
        double[][] components = pca.components();
        double[] ratio = pca.explainedVarianceRatio();
        for (int c = 0; c < 2; c++) {
            double dot = 0;
            for (int j = 0; j < 6; j++) {
                dot += components[c][j] * vectors[c][j];
            }
            assertEquals(1.0, Math.abs(dot), 1e-9, "component " + c + " is the Jacobi eigenvector up to sign");
            assertEquals(eigenvalues[c], pca.explainedVariance()[c], 1e-9);
            assertEquals(eigenvalues[c] / trace, ratio[c], 1e-9);
        }
        assertTrue(ratio[0] >= ratio[1]);
        for (int j = 0; j < 6; j++) {
            assertEquals(mean[j], pca.mean()[j], 1e-12);
        }
        // The projection of the fit is the pooled rows, centred, dotted with the components.
        double[][] projected = pca.projection();
        assertEquals(n, projected.length);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                double expected = 0;
                for (int j = 0; j < 6; j++) {
                    expected += (all[i][j] - mean[j]) * components[c][j];
                }
                assertEquals(expected, projected[i][c], 1e-9);
            }
        }
    }

    @Test
    void findsAKnownDominantDirectionWithAFixedSign() {
        Random random = new Random(3);
        double[] direction = {1 / Math.sqrt(5), -2 / Math.sqrt(5), 0}; // largest loading negative: the sign flips it
        double[][] rows = new double[300][3];
        for (double[] row : rows) {
            double t = 10 * random.nextGaussian();
            for (int j = 0; j < 3; j++) {
                row[j] = 1 + t * direction[j] + 0.1 * random.nextGaussian();
            }
        }
        Pca pca = Pca.fit(2, rows);
        double[] first = pca.components()[0];
        assertEquals(-direction[0], first[0], 5e-3);
        assertEquals(-direction[1], first[1], 5e-3);
        assertEquals(0.0, first[2], 5e-3);
        assertTrue(pca.explainedVarianceRatio()[0] > 0.999, "ratio " + pca.explainedVarianceRatio()[0]);
        // The same rows negated and reordered give the same components: the sign convention, not chance.
        double[][] mirrored = new double[300][];
        for (int i = 0; i < 300; i++) {
            mirrored[i] = new double[] {-rows[299 - i][0], -rows[299 - i][1], -rows[299 - i][2]};
        }
        double[][] again = Pca.fit(2, mirrored).components();
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(pca.components()[c][j], again[c][j], 1e-9);
            }
        }
        // Another set through the fitted PCA: a point along the direction lands on PC1.
        double[][] other = pca.project(new double[][] {{pca.mean()[0] + 3 * first[0], pca.mean()[1] + 3 * first[1],
            pca.mean()[2] + 3 * first[2]}});
        assertEquals(3.0, other[0][0], 1e-9);
        assertEquals(0.0, other[0][1], 1e-9);
    }

    @Test
    void badRowsAreRefusedInOneLine() {
        assertMessage(() -> Pca.fit(2, new double[][] {{1, 2}}), "at least 2 rows");
        assertMessage(() -> Pca.fit(2, new double[][] {{1, 2}, {3, Double.NaN}}), "set 0 row 1 column 1 is NaN");
        assertMessage(() -> Pca.fit(2, new double[][] {{1, 2}}, new double[][] {{Double.POSITIVE_INFINITY, 2}}),
                "set 1 row 0 column 0 is Infinity");
        assertMessage(() -> Pca.fit(2, new double[][] {{0.1, 2}, {0.1, 2}, {0.1, 2}}), "do not vary");
        assertMessage(() -> Pca.fit(2, new double[][] {{1, 2}, {3}}), "row 1 has 1 values");
        assertMessage(() -> Pca.fit(3, new double[][] {{1, 2}, {3, 4}}), "needs 1 to 2");
        assertMessage(() -> Pca.fit(2, new double[][] {{1, 2}, {3, 4}}).project(new double[][] {{1}}), "the fit had 2");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part) && !e.getMessage().contains("\n"), e.getMessage());
    }
}
