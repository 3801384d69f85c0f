package io.github.dann4j.train;

/**
 * How far a regression model's predictions are from the targets of a labelled set: mean absolute
 * error and root mean squared error, for each output and over all outputs together
 * ({@code mae = mean |ŷ − y|} and {@code rmse = sqrt(mean (ŷ − y)²)}, the means over every sample
 * and output), accumulated in float64.
 *
 * @param samples        the number of samples scored
 * @param mae            the mean absolute error of each output {@code [m]}
 * @param rmse           the root mean squared error of each output {@code [m]}
 * @param overallMae     over all outputs: the mean of {@code mae}
 * @param overallRmse    over all outputs: {@code sqrt(mean(rmse²))}
 */
public record RegressionMetrics(long samples, double[] mae, double[] rmse, double overallMae, double overallRmse) {
    public RegressionMetrics {
        if (mae == null || rmse == null || mae.length != rmse.length || mae.length == 0) {
            throw new IllegalArgumentException("one MAE and one RMSE per output are needed");
        }
        mae = mae.clone();
        rmse = rmse.clone();
    }

    /** The number of outputs m. */
    public int outputs() {
        return mae.length;
    }

    @Override
    public double[] mae() {
        return mae.clone();
    }

    @Override
    public double[] rmse() {
        return rmse.clone();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "MAE %.6g, RMSE %.6g over %d samples and %d outputs", overallMae,
                overallRmse, samples, mae.length);
    }
}
