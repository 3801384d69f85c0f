package io.github.dann4j.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The two-moons decision-boundary figure (as in Ganin et al., JMLR 2016, Figure 2): per model,
 * its decision regions as a colour field of P(class 1) (red: class 0, blue: class 1, pale so the
 * points stay visible), the source points coloured by class, the target points as black crosses,
 * and a title (e.g. the model's target accuracy); the models side by side.
 */
public final class DecisionBoundaries {
    /**
     * One model's panel.
     *
     * @param title        the panel's title
     * @param probability  P(class 1) on a {@code rows × columns} grid over the bounds, row 0 at the
     *                     top (yMax), column 0 at the left (xMin); cell centres at the grid points
     * @param bounds       {xMin, xMax, yMin, yMax} of the field and of the axes
     * @param source       source points, {x, y} each
     * @param sourceLabels the source points' classes, 0 or 1
     * @param target       target points, {x, y} each
     */
    public record Panel(String title, double[][] probability, double[] bounds, double[][] source, int[] sourceLabels,
            double[][] target) {
        /** @throws IllegalArgumentException for an empty or ragged grid, bad bounds or mismatched points and labels */
        public Panel {
            if (probability == null || probability.length == 0 || probability[0].length == 0) {
                throw new IllegalArgumentException("the probability grid is empty");
            }
            for (double[] row : probability) {
                if (row.length != probability[0].length) {
                    throw new IllegalArgumentException("the probability grid is ragged");
                }
            }
            if (bounds == null || bounds.length != 4 || !(bounds[0] < bounds[1]) || !(bounds[2] < bounds[3])) {
                throw new IllegalArgumentException("bounds must be {xMin, xMax, yMin, yMax} with min < max");
            }
            if (source.length != sourceLabels.length) {
                throw new IllegalArgumentException(source.length + " source points but " + sourceLabels.length + " labels");
            }
        }
    }

    private DecisionBoundaries() {}

    /** One chart per panel, {@code width × height} pixels each. */
    public static List<XYChart> charts(List<Panel> panels, int width, int height) {
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            charts.add(chart(panel, width, height));
        }
        return charts;
    }

    /** The panels side by side (460 × 500 pixels each) in a {@code .png} or {@code .svg} file. */
    public static void save(List<Panel> panels, Path file) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a decision-boundary figure needs at least one panel");
        }
        ChartFiles.Format.of(file);
        ChartFiles.save(charts(panels, 460, 500), 1, panels.size(), file);
    }

    private static XYChart chart(Panel panel, int width, int height) {
        FieldChart chart = new FieldChart(width, height, field(panel.probability()), panel.bounds());
        chart.setTitle(panel.title());
        chart.setXAxisTitle("x1   (background: P(class 1), red 0 to blue 1)");
        chart.setYAxisTitle("x2");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setAntiAlias(true);
        for (int c = 0; c < 2; c++) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < panel.source().length; i++) {
                if (panel.sourceLabels()[i] == c) {
                    points.add(panel.source()[i]);
                }
            }
            if (!points.isEmpty()) {
                Color colour = (c == 0 ? Palette.CLASS_0 : Palette.CLASS_1).darker();
                scatter(chart, "source class " + c, points, colour).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        if (panel.target().length > 0) {
            scatter(chart, "target", List.of(panel.target()), Color.BLACK).setMarker(SeriesMarkers.CROSS);
        }
        return chart;
    }

    private static XYSeries scatter(XYChart chart, String name, List<double[]> points, Color colour) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarkerColor(colour);
        return series;
    }

    /** The grid as an image: one pixel per cell, blended red → blue by P(class 1), faded toward white. */
    private static BufferedImage field(double[][] probability) {
        BufferedImage image = new BufferedImage(probability[0].length, probability.length, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < probability.length; row++) {
            for (int col = 0; col < probability[row].length; col++) {
                image.setRGB(col, row, Palette.blend(Palette.CLASS_0, Palette.CLASS_1, probability[row][col], 0.65).getRGB());
            }
        }
        return image;
    }
}
