package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.train.StepMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class TrainingCurvesTest {
    /** A noisy, decaying run; {@code dann} false: a source-only run (no domain values). */
    static List<StepMetrics> run(int steps, boolean dann, long seed) {
        Random random = new Random(seed);
        List<StepMetrics> metrics = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            double label = Math.exp(-3.0 * s / steps) + 0.2 * random.nextDouble();
            double domain = dann ? 1.3 + 0.1 * random.nextGaussian() : Double.NaN;
            double accuracy = dann ? 0.5 + 0.2 * random.nextDouble() : Double.NaN;
            double p = (double) s / steps;
            metrics.add(new StepMetrics(s, dann ? label + domain : label, label, domain, accuracy,
                    2 / (1 + Math.exp(-10 * p)) - 1, 0.01 / Math.pow(1 + 10 * p, 0.75)));
        }
        return metrics;
    }

    private static Map<String, List<StepMetrics>> runs(int steps) {
        Map<String, List<StepMetrics>> runs = new LinkedHashMap<>();
        runs.put("source-only", run(steps, false, 1));
        runs.put("DANN", run(steps, true, 2));
        return runs;
    }

    private static List<String> titles(List<XYChart> charts) {
        return charts.stream().map(XYChart::getTitle).toList();
    }

    @Test
    void onePanelPerQuantityInAPngOfThePanelsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("curves.png");
        TrainingCurves.of(runs(3000)).save(file);
        BufferedImage image = Figures.png(file, 2 * 520, 3 * 340);
        for (int panel = 0; panel < 6; panel++) {
            int left = (panel % 2) * 520;
            int top = (panel / 2) * 340;
            // The middle of each plot area holds curves and grid, not one colour.
            int colours = Figures.colours(image, left + 150, top + 80, left + 450, top + 260);
            assertTrue(colours > 5, "panel " + panel + " plot area has " + colours + " colours");
        }
    }

    @Test
    void chartsHaveAxisTitlesALegendOfRunsAndFaintRawValuesBehind() {
        List<XYChart> charts = TrainingCurves.of(runs(3000)).charts();
        assertEquals(List.of("total loss", "label loss", "domain loss", "domain accuracy", "lambda (GRL strength)",
                "learning rate"), titles(charts));
        XYChart label = charts.get(1);
        assertEquals("step", label.getXAxisTitle());
        assertTrue(label.getStyler().isYAxisLogarithmic() && label.getYAxisTitle().contains("log"));
        XYSeries dann = label.getSeriesMap().get("DANN");
        XYSeries raw = label.getSeriesMap().get("DANN (per step)");
        assertTrue(dann.isShowInLegend() && !raw.isShowInLegend(), "the legend names the runs, not the raw series");
        assertTrue(raw.getLineColor().getAlpha() < 100 && dann.getLineColor().getAlpha() == 255, "raw values are faint");
        // The smoothed curve is less noisy than the raw values it summarises.
        assertTrue(spread(dann.getYData()) < spread(raw.getYData()), "smoothing did not smooth");
        assertFalse(charts.get(3).getStyler().isYAxisLogarithmic(), "accuracy is not a loss");
        assertFalse(charts.get(2).getStyler().isYAxisLogarithmic(), "a domain loss of 1.3 + 0.1 N(0, 1) spans no decade");
        assertFalse(TrainingCurves.of(runs(3000)).withLogLosses(false).charts().get(0).getStyler().isYAxisLogarithmic());
    }

    /** Mean absolute difference of consecutive values: large for noise. */
    private static double spread(double[] y) {
        double sum = 0;
        for (int i = 1; i < y.length; i++) {
            sum += Math.abs(y[i] - y[i - 1]);
        }
        return sum / (y.length - 1);
    }

    @Test
    void aSourceOnlyRunHasNoDomainPanels(@TempDir Path dir) throws Exception {
        Map<String, List<StepMetrics>> runs = Map.of("source-only", run(200, false, 1));
        assertEquals(List.of("total loss", "label loss", "lambda (GRL strength)", "learning rate"),
                titles(TrainingCurves.of(runs).charts()));
        Path file = dir.resolve("curves.png");
        TrainingCurves.of(runs).save(file);
        Figures.png(file, 2 * 520, 2 * 340);
    }

    @Test
    void nanInfinityAndNonPositiveLossesDrawWithoutFailing(@TempDir Path dir) throws Exception {
        List<StepMetrics> metrics = new ArrayList<>(run(500, true, 3));
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1};
        for (int i = 0; i < odd.length; i++) {
            StepMetrics m = metrics.get(100 + i);
            metrics.set(100 + i, new StepMetrics(m.step(), odd[i], odd[i], odd[i], odd[i], m.lambda(), m.learningRate()));
        }
        TrainingCurves curves = TrainingCurves.of(Map.of("DANN", metrics));
        for (XYChart chart : curves.charts()) {
            for (XYSeries series : chart.getSeriesMap().values()) {
                for (double y : series.getYData()) {
                    assertTrue(Double.isFinite(y), chart.getTitle() + " draws " + y);
                    assertTrue(!chart.getStyler().isYAxisLogarithmic() || y > 0, chart.getTitle() + " draws " + y + " on a log axis");
                }
            }
        }
        curves.save(dir.resolve("odd.png"));
        Figures.png(dir.resolve("odd.png"), 1040, 1020);

        // A loss with no positive value at all falls back to a linear axis.
        List<StepMetrics> zero = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            zero.add(new StepMetrics(s, 0, 0, Double.NaN, Double.NaN, 0, 0.1));
        }
        XYChart loss = TrainingCurves.of(Map.of("zero", zero)).charts().get(0);
        assertFalse(loss.getStyler().isYAxisLogarithmic());
        // No finite value anywhere: an explicit empty figure, not a crash.
        List<StepMetrics> none = List.of(new StepMetrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN));
        TrainingCurves.of(Map.of("none", none)).save(dir.resolve("none.png"));
        assertTrue(Files.size(dir.resolve("none.png")) > 0);
    }

    @Test
    void aLongRunIsDecimatedAndDrawsAsPngAndSvg(@TempDir Path dir) throws Exception {
        Map<String, List<StepMetrics>> runs = runs(20_000);
        TrainingCurves curves = TrainingCurves.of(runs);
        for (XYChart chart : curves.charts()) {
            for (XYSeries series : chart.getSeriesMap().values()) {
                assertTrue(series.getXData().length <= 500, chart.getTitle() + " " + series.getName() + " has "
                        + series.getXData().length + " points");
                assertEquals(19_999, series.getXData()[series.getXData().length - 1], 0, "the last step is drawn");
            }
        }
        long started = System.nanoTime();
        Path png = dir.resolve("long.png");
        curves.save(png);
        long drawn = System.nanoTime();
        Path svg = dir.resolve("long.svg");
        curves.save(svg);
        long done = System.nanoTime();
        Figures.png(png, 1040, 1020);
        Figures.svg(svg, 1000);
        System.out.printf("training curves of 2 x 20,000 steps: PNG %.2f s (%d bytes), SVG %.2f s (%d bytes)%n",
                (drawn - started) / 1e9, Files.size(png), (done - drawn) / 1e9, Files.size(svg));
    }

    @Test
    void badArgumentsAreRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.of(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.of(runs(10)).withMaxPoints(1));
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.of(runs(10)).withPanelSize(50, 300));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurves.of(runs(10)).save(dir.resolve("curves.gif")));
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("curves.gif")));
    }
}
