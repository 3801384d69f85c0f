package io.github.dann4j.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How well label-free validators rank models: one panel per validator, each model a point at
 * (its score, its true target accuracy), DANN and source-only models in two colours, the model the
 * validator chooses drawn over in black, and Spearman's ρ in the panel's title; models whose score
 * is not finite are left out of their panel. Panels laid out
 * {@value #COLUMNS} to a row, 420 × 320 pixels each.
 *
 * <pre>{@code
 * SelectionScatter.save(List.of(new SelectionScatter.Panel("im", "higher", imScores, 0.70, 3)),
 *         accuracies, sourceOnly, Path.of("selection.png"));
 * }</pre>
 */
public final class SelectionScatter {
    /** Panels per row. */
    public static final int COLUMNS = 3;
    private static final int WIDTH = 420;
    private static final int HEIGHT = 320;

    /**
     * One validator's panel.
     *
     * @param validator its name
     * @param better    "higher" or "lower" (printed in the axis title)
     * @param scores    one score per model, in the models' order
     * @param rho       Spearman's ρ of the score, oriented higher-is-better, with the accuracy
     * @param chosen    the index of the model the validator chooses
     */
    public record Panel(String validator, String better, double[] scores, double rho, int chosen) {
    }

    private SelectionScatter() {}

    /**
     * The charts, one per panel.
     *
     * @param accuracy   each model's true target accuracy
     * @param sourceOnly whether each model is source-only (drawn in the second colour)
     * @throws IllegalArgumentException for no panels, or arrays of other lengths than accuracy
     */
    public static List<XYChart> charts(List<Panel> panels, double[] accuracy, boolean[] sourceOnly) {
        if (panels == null || panels.isEmpty() || accuracy == null || sourceOnly == null
                || sourceOnly.length != accuracy.length) {
            throw new IllegalArgumentException("a selection scatter needs panels and one accuracy and one"
                    + " source-only flag per model");
        }
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            if (panel.scores().length != accuracy.length || panel.chosen() < 0 || panel.chosen() >= accuracy.length) {
                throw new IllegalArgumentException("validator " + panel.validator() + ": " + panel.scores().length
                        + " scores for " + accuracy.length + " models, or a choice outside them");
            }
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                    .title(String.format(Locale.ROOT, "%s: Spearman's rho %+.2f", panel.validator(), panel.rho()))
                    .xAxisTitle(panel.validator() + " (" + panel.better() + " is better)").yAxisTitle("target accuracy")
                    .build();
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // inside, it hid points in a corner
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setMarkerSize(8);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            add(chart, "DANN", panel.scores(), accuracy, sourceOnly, false, Palette.run(1));
            add(chart, "source-only", panel.scores(), accuracy, sourceOnly, true, Palette.run(0));
            XYSeries choice = chart.addSeries("chosen", new double[] {panel.scores()[panel.chosen()]},
                    new double[] {accuracy[panel.chosen()]});
            choice.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Color.BLACK);
            charts.add(chart);
        }
        return charts;
    }

    /** {@link #charts} written to {@code file} ({@code .png} or {@code .svg}) as one grid. */
    public static void save(List<Panel> panels, double[] accuracy, boolean[] sourceOnly, Path file) {
        List<XYChart> charts = charts(panels, accuracy, sourceOnly);
        int rows = (charts.size() + COLUMNS - 1) / COLUMNS;
        ChartFiles.save(charts, rows, Math.min(COLUMNS, charts.size()), file);
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, boolean[] sourceOnly, boolean which,
            Color colour) {
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            count += sourceOnly[i] == which && Double.isFinite(x[i]) ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        double[] xs = new double[count];
        double[] ys = new double[count];
        int at = 0;
        for (int i = 0; i < x.length; i++) {
            if (sourceOnly[i] == which && Double.isFinite(x[i])) {
                xs[at] = x[i];
                ys[at++] = y[i];
            }
        }
        chart.addSeries(name, xs, ys).setMarker(which ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE).setMarkerColor(colour);
    }
}
