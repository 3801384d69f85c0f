package io.github.dann4j.plot;

import io.github.dann4j.train.ConfusionMatrix;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * A confusion matrix as a heat map: rows the true class (class 0 at the top), columns the
 * predicted class, each cell coloured by its row-normalised fraction (the share of the true
 * class's samples predicted as that column, so the diagonal is the per-class accuracy) on a
 * white → dark blue scale shown beside the map, and its count written in it (up to
 * {@value #MAX_WRITTEN_CLASSES} classes; past that the cells are too small to read).
 */
public final class ConfusionHeatMap {
    /** The most classes whose counts are written in the cells. */
    public static final int MAX_WRITTEN_CLASSES = 30;

    private ConfusionHeatMap() {}

    /**
     * The heat map of {@code matrix}, titled {@code title}; class names from {@code names}
     * ({@code null} or too short: the class indices).
     *
     * @throws IllegalArgumentException when the matrix was not kept (over
     *     {@link ConfusionMatrix#MAX_MATRIX_CLASSES} classes)
     */
    public static HeatMapChart chart(ConfusionMatrix matrix, String title, List<String> names) {
        if (!matrix.hasMatrix()) {
            throw new IllegalArgumentException("no confusion matrix to draw: " + matrix.classes() + " classes (it is kept for up"
                    + " to " + ConfusionMatrix.MAX_MATRIX_CLASSES + ")");
        }
        long[][] counts = new long[matrix.classes()][matrix.classes()];
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                counts[t][p] = matrix.count(t, p);
            }
        }
        return chart(counts, title, names);
    }

    /**
     * The heat map of {@code counts[true class][predicted class]} (square, non-negative).
     *
     * @throws IllegalArgumentException for an empty, non-square or negative matrix
     */
    public static HeatMapChart chart(long[][] counts, String title, List<String> names) {
        int n = counts.length;
        if (n == 0) {
            throw new IllegalArgumentException("the confusion matrix is empty");
        }
        long[] support = new long[n];
        for (int t = 0; t < n; t++) {
            if (counts[t].length != n) {
                throw new IllegalArgumentException("the confusion matrix is not square: row " + t + " has " + counts[t].length
                        + " columns, not " + n);
            }
            for (long c : counts[t]) {
                if (c < 0) {
                    throw new IllegalArgumentException("the confusion matrix has a negative count in row " + t);
                }
                support[t] += c;
            }
        }
        int side = Math.max(360, Math.min(1400, 48 * n + 200));
        long[][] written = n <= MAX_WRITTEN_CLASSES ? counts : new long[0][];
        double[][] shade = new double[n][n];
        List<String> columns = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            columns.add(name(names, t));
            rows.add(name(names, n - 1 - t)); // XChart's row 0 is at the bottom: class 0 goes on top
            for (int p = 0; p < n; p++) {
                shade[t][p] = support[t] == 0 ? 0 : (double) counts[t][p] / support[t];
                cells.add(new Number[] {p, n - 1 - t, shade[t][p]});
            }
        }
        HeatMapChart chart = written.length == 0 ? new HeatMapChart(side + 120, side, Styler.ChartTheme.XChart)
                : new CountsHeatMap(side + 120, side, written, shade);
        chart.setTitle(title);
        chart.setXAxisTitle("predicted class");
        chart.setYAxisTitle("true class");
        chart.addSeries("fraction of the true class", columns, rows, cells);
        HeatMapStyler styler = chart.getStyler();
        styler.setMin(0).setMax(1);
        styler.setRangeColors(new Color[] {Color.WHITE, new Color(158, 202, 225), new Color(8, 81, 156)});
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(false);
        styler.setDrawBorder(true);
        styler.setShowValue(false);
        styler.setAntiAlias(true);
        return chart;
    }

    /** Writes the heat map of {@code matrix} to a {@code .png} or {@code .svg} file. */
    public static void save(ConfusionMatrix matrix, String title, List<String> names, Path file) {
        ChartFiles.Format.of(file);
        ChartFiles.save(chart(matrix, title, names), file);
    }

    private static String name(List<String> names, int c) {
        return names != null && c < names.size() ? names.get(c) : String.format(Locale.ROOT, "%d", c);
    }
}
