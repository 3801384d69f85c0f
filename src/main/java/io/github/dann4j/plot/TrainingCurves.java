package io.github.dann4j.plot;

import io.github.dann4j.train.StepMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training-curves figure: one panel per quantity the trainer records each step (see
 * {@link StepMetrics}: total, label and domain loss, domain accuracy, λ, learning rate), step on
 * the x axis, one colour per run with a legend naming the runs. Each run is drawn twice: its raw
 * per-step values faint, behind a centred moving average ({@link Smoothing}) drawn solid (the
 * schedules, λ and learning rate, are not noisy and are drawn once). Long
 * runs are decimated ({@link Decimation}) so a 20,000-step run stays a small, fast figure. Losses
 * that span at least a decade ({@link #LOG_SPAN}) are on a logarithmic axis by default (values ≤ 0
 * are left out there); a loss in a narrow band, like the domain loss near its equilibrium, keeps a
 * linear axis, whose ticks say more. NaN and infinite values are left out everywhere. A quantity
 * no run has (the domain branch of a source-only run) gets no panel.
 *
 * <pre>{@code
 * TrainingCurves.of(Map.of("DANN", metrics)).withLogLosses(false).save(Path.of("curves.svg"));
 * }</pre>
 *
 * Instances are immutable; the {@code with} methods return changed copies.
 */
public final class TrainingCurves {
    private record Quantity(String title, String axis, boolean loss, boolean noisy, ToDoubleFunction<StepMetrics> value) {
    }

    private static final List<Quantity> QUANTITIES = List.of(
            new Quantity("total loss", "label loss + domain loss", true, true, StepMetrics::loss),
            new Quantity("label loss", "cross-entropy (source)", true, true, StepMetrics::labelLoss),
            new Quantity("domain loss", "BCE (source + target)", true, true, StepMetrics::domainLoss),
            new Quantity("domain accuracy", "domain accuracy", false, true, StepMetrics::domainAccuracy),
            new Quantity("lambda (GRL strength)", "lambda", false, false, StepMetrics::lambda),
            new Quantity("learning rate", "learning rate", false, false, StepMetrics::learningRate));

    /** The ratio of largest to smallest positive loss from which a loss panel gets a log axis. */
    public static final double LOG_SPAN = 10;

    /** Panels per row of the figure. */
    public static final int COLUMNS = 2;

    private final Map<String, List<StepMetrics>> runs;
    private final boolean logLosses;
    private final int width;
    private final int height;
    private final int maxPoints;

    private TrainingCurves(Map<String, List<StepMetrics>> runs, boolean logLosses, int width, int height, int maxPoints) {
        this.runs = runs;
        this.logLosses = logLosses;
        this.width = width;
        this.height = height;
        this.maxPoints = maxPoints;
    }

    /**
     * The curves of {@code runs} (run name → its steps in order), drawn in the map's order;
     * log-scale losses, 520 × 340 pixels per panel, at most 500 points per raw series (the
     * smoothed curve over it: 200).
     *
     * @throws IllegalArgumentException for no runs
     */
    public static TrainingCurves of(Map<String, ? extends List<StepMetrics>> runs) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("training curves need at least one run");
        }
        Map<String, List<StepMetrics>> copy = new LinkedHashMap<>();
        runs.forEach((name, metrics) -> copy.put(name, List.copyOf(metrics)));
        return new TrainingCurves(copy, true, 520, 340, 500);
    }

    /** Losses that span a decade or more on a logarithmic axis (true, the default), or all linear (false). */
    public TrainingCurves withLogLosses(boolean log) {
        return new TrainingCurves(runs, log, width, height, maxPoints);
    }

    /** Each panel's size in pixels (SVG: in points). */
    public TrainingCurves withPanelSize(int panelWidth, int panelHeight) {
        if (panelWidth < 100 || panelHeight < 100) {
            throw new IllegalArgumentException("panels need at least 100 x 100 pixels, got " + panelWidth + " x " + panelHeight);
        }
        return new TrainingCurves(runs, logLosses, panelWidth, panelHeight, maxPoints);
    }

    /** The most points drawn per raw series (its smoothed curve: 2/5 of them); at least 4. */
    public TrainingCurves withMaxPoints(int points) {
        if (points < 4) {
            throw new IllegalArgumentException("need at least 4 points per series, got " + points);
        }
        return new TrainingCurves(runs, logLosses, width, height, points);
    }

    /** One chart per quantity that some run has, in the order of {@link StepMetrics}' fields. */
    public List<XYChart> charts() {
        List<XYChart> charts = new ArrayList<>();
        for (Quantity quantity : QUANTITIES) {
            XYChart chart = chart(quantity);
            if (chart != null) {
                charts.add(chart);
            }
        }
        return charts;
    }

    /** Writes the panels as one figure, {@value #COLUMNS} per row, to a {@code .png} or {@code .svg} file. */
    public void save(Path file) {
        ChartFiles.Format.of(file);
        List<XYChart> charts = charts();
        if (charts.isEmpty()) {
            charts = List.of(emptyChart());
        }
        int columns = Math.min(COLUMNS, charts.size());
        ChartFiles.save(charts, (charts.size() + columns - 1) / columns, columns, file);
    }

    private XYChart chart(Quantity quantity) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        boolean anyFinite = false;
        boolean allPositive = true;
        for (Map.Entry<String, List<StepMetrics>> run : runs.entrySet()) {
            List<StepMetrics> metrics = run.getValue();
            double[] x = new double[metrics.size()];
            double[] y = new double[metrics.size()];
            for (int i = 0; i < y.length; i++) {
                x[i] = metrics.get(i).step();
                y[i] = quantity.value().applyAsDouble(metrics.get(i));
                if (Double.isFinite(y[i])) {
                    anyFinite = true;
                    allPositive &= y[i] > 0;
                }
            }
            series.put(run.getKey(), new double[][] {x, y});
        }
        if (!anyFinite) {
            return null;
        }
        boolean log = logLosses && quantity.loss() && spansDecades(series);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(quantity.title())
                .xAxisTitle("step").yAxisTitle(quantity.axis() + (log ? " (log scale)" : "")).build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(log);
        int index = 0;
        for (Map.Entry<String, double[][]> run : series.entrySet()) {
            Color colour = Palette.run(index++);
            double[] x = run.getValue()[0];
            double[] y = run.getValue()[1];
            if (log && !allPositive) {
                y = y.clone();
                for (int i = 0; i < y.length; i++) {
                    if (!(y[i] > 0)) {
                        y[i] = Double.NaN;
                    }
                }
            }
            Decimation.Points raw = Decimation.minMax(x, y, Math.max(1, (maxPoints - 2) / 2));
            if (raw.size() == 0) {
                continue;
            }
            int window = quantity.noisy() ? Smoothing.window(y.length) : 1;
            if (window > 1) {
                add(chart, run.getKey() + " (per step)", raw, Palette.faint(colour, 0.18), 0.8f, false);
                // A smoothed curve needs fewer points than the raw band behind it.
                Decimation.Points smooth = Decimation.minMax(x, Smoothing.movingAverage(y, window), Math.max(1, maxPoints / 5 - 1));
                add(chart, run.getKey(), smooth, colour, 2f, true);
            } else {
                add(chart, run.getKey(), raw, colour, 1.6f, true);
            }
        }
        return chart;
    }

    /** Whether the positive finite values span at least {@link #LOG_SPAN}, so a log axis shows more than it hides. */
    private static boolean spansDecades(Map<String, double[][]> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double[][] xy : series.values()) {
            for (double v : xy[1]) {
                if (Double.isFinite(v) && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max > 0 && max / min >= LOG_SPAN;
    }

    private static void add(XYChart chart, String name, Decimation.Points points, Color colour, float stroke,
            boolean legend) {
        XYSeries s = chart.addSeries(name, points.x(), points.y());
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(new BasicStroke(stroke));
        s.setShowInLegend(legend);
    }

    private XYChart emptyChart() {
        XYChart chart = new XYChartBuilder().width(width).height(height).title("no finite values recorded")
                .xAxisTitle("step").yAxisTitle("value").build();
        style(chart);
        XYSeries s = chart.addSeries("no data", new double[] {0}, new double[] {0});
        s.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    static void style(XYChart chart) {
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendBorderColor(new Color(200, 200, 200));
        styler.setAntiAlias(true);
        styler.setXAxisDecimalPattern("#,##0");
    }
}
