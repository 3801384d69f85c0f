package io.github.dann4j.plot;

import io.github.dann4j.internal.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Principal component analysis to {@code k} components, fitted with libtorch's linear algebra in
 * float64: the rows are centred on their mean, their covariance {@code XᵀX / (N − 1)} is
 * decomposed by {@code torch.linalg.eigh}, and the {@code k} eigenvectors of the largest
 * eigenvalues are the components. Each component's sign is fixed so that its loading of largest
 * magnitude (the first of equal ones) is positive, so the same data always gives the same figure.
 *
 * <pre>{@code
 * Pca pca = Pca.fit(2, sourceFeatures, targetFeatures); // fitted on both sets pooled
 * double[][] xy = pca.project(sourceFeatures);          // [N][2]
 * double[] ratios = pca.explainedVarianceRatio();       // e.g. {0.341, 0.122}
 * }</pre>
 *
 * <p>Immutable; the fit's native tensors live in a {@link PointerScope} and are gone when
 * {@link #fit} returns.
 */
public final class Pca {
    /** The widest rows fitted: the covariance is {@code D × D} float64. */
    public static final int MAX_FEATURES = 8192;

    private final double[] mean;
    private final double[][] components;
    private final double[] variance;
    private final double totalVariance;
    private final double[][] projection;

    private Pca(double[] mean, double[][] components, double[] variance, double totalVariance, double[][] rows) {
        this.mean = mean;
        this.components = components;
        this.variance = variance;
        this.totalVariance = totalVariance;
        this.projection = project(rows);
    }

    /**
     * Fits {@code k} components to the rows of {@code sets} pooled (each set {@code [N_i][D]}, one
     * row a sample, all of one width {@code D}).
     *
     * @throws IllegalArgumentException for no rows, rows of different widths, a NaN or infinite
     *     value (naming set, row and column), fewer than 2 rows in all, {@code k} outside
     *     {@code 1 .. D}, more than {@link #MAX_FEATURES} columns, or rows that do not vary
     */
    public static Pca fit(int k, double[][]... sets) {
        if (sets == null || sets.length == 0) {
            throw new IllegalArgumentException("PCA needs at least one set of rows");
        }
        int n = 0;
        int width = -1;
        for (int s = 0; s < sets.length; s++) {
            if (sets[s] == null) {
                throw new IllegalArgumentException("PCA: set " + s + " is null");
            }
            for (int r = 0; r < sets[s].length; r++) {
                double[] row = sets[s][r];
                if (row == null) {
                    throw new IllegalArgumentException("PCA: set " + s + " row " + r + " is null");
                }
                if (width < 0) {
                    width = row.length;
                } else if (row.length != width) {
                    throw new IllegalArgumentException("PCA: set " + s + " row " + r + " has " + row.length
                            + " values, the first row " + width);
                }
                for (int c = 0; c < row.length; c++) {
                    if (!Double.isFinite(row[c])) {
                        throw new IllegalArgumentException("PCA: set " + s + " row " + r + " column " + c + " is " + row[c]);
                    }
                }
            }
            n = Math.addExact(n, sets[s].length);
        }
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
        }
        if (width < 1 || width > MAX_FEATURES) {
            throw new IllegalArgumentException("PCA takes rows of 1 to " + MAX_FEATURES + " values, got " + width);
        }
        if (k < 1 || k > width) {
            throw new IllegalArgumentException("PCA to " + k + " components needs 1 to " + width + " (the row width)");
        }
        double[] flat = new double[Math.multiplyExact(n, width)];
        double scale = 0;
        int at = 0;
        double[][] pooled = new double[n][];
        for (double[][] set : sets) {
            for (double[] row : set) {
                System.arraycopy(row, 0, flat, at * width, width);
                pooled[at++] = row;
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.fromDoubles(flat, ScalarType.Double, n, width);
            Tensor meanRow = x.mean(new long[] {0}, true, new ScalarTypeOptional());
            Tensor centred = x.sub(meanRow);
            Tensor covariance = centred.t().mm(centred).div(new org.bytedeco.pytorch.Scalar((double) (n - 1)));
            double total = covariance.trace().item_double();
            // Below rounding noise of the mean (relative 1e-10 per value): the rows are one point.
            double noise = 1e-10 * (scale == 0 ? 1 : scale);
            if (!(total > width * noise * noise)) {
                throw new IllegalArgumentException("PCA: the " + n + " rows do not vary (total variance " + total + ")");
            }
            T_TensorTensor_T decomposition = torch.linalg_eigh(covariance, "L");
            double[] eigenvalues = Tensors.toDoubles(decomposition.get0()); // ascending
            double[] vectors = Tensors.toDoubles(decomposition.get1()); // [D, D], column j for eigenvalue j
            double[][] components = new double[k][width];
            double[] variance = new double[k];
            for (int i = 0; i < k; i++) {
                int column = width - 1 - i;
                variance[i] = Math.max(0, eigenvalues[column]);
                int largest = 0;
                for (int d = 0; d < width; d++) {
                    components[i][d] = vectors[d * width + column];
                    if (Math.abs(components[i][d]) > Math.abs(components[i][largest])) {
                        largest = d;
                    }
                }
                if (components[i][largest] < 0) {
                    for (int d = 0; d < width; d++) {
                        components[i][d] = -components[i][d];
                    }
                }
            }
            return new Pca(Tensors.toDoubles(meanRow), components, variance, total, pooled);
        }
    }

    /**
     * Rows {@code [N][D]} in this PCA's coordinates, {@code [N][k]}: {@code (row − mean) ·
     * component}. Rows of other data than the fit's are projected with the fit's mean and
     * components.
     *
     * @throws IllegalArgumentException for a null row or one of another width than the fit's
     */
    public double[][] project(double[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows are null");
        }
        double[][] out = new double[rows.length][components.length];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != mean.length) {
                throw new IllegalArgumentException("PCA: row " + r + " has " + (rows[r] == null ? "no" : rows[r].length)
                        + " values; the fit had " + mean.length);
            }
            for (int i = 0; i < components.length; i++) {
                double sum = 0;
                for (int d = 0; d < mean.length; d++) {
                    sum += (rows[r][d] - mean[d]) * components[i][d];
                }
                out[r][i] = sum;
            }
        }
        return out;
    }

    /** The fitted rows, every set in order, projected: {@code [N][k]}. */
    public double[][] projection() {
        return deepCopy(projection);
    }

    /** The components, {@code [k][D]}, unit length, the largest variance first. */
    public double[][] components() {
        return deepCopy(components);
    }

    /** The variance along each component (the covariance's eigenvalues), {@code [k]}. */
    public double[] explainedVariance() {
        return variance.clone();
    }

    /** Each component's share of the total variance, {@code [k]}, each in {@code [0, 1]}. */
    public double[] explainedVarianceRatio() {
        double[] ratios = new double[variance.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = Math.min(1, variance[i] / totalVariance);
        }
        return ratios;
    }

    /** The mean row of the fit, {@code [D]}. */
    public double[] mean() {
        return mean.clone();
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
