package io.github.dann4j.cli;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.train.StepMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** PNG figures drawn with Java2D (no plotting dependency): decision boundaries and training curves. */
final class Plots {
    private static final Color CLASS_0 = new Color(214, 39, 40);
    private static final Color CLASS_1 = new Color(31, 119, 180);
    private static final Color[] RUN_COLOURS = {new Color(255, 127, 14), new Color(44, 160, 44), CLASS_1, CLASS_0};
    private static final int PANEL = 420;
    private static final int MARGIN = 40;

    private Plots() {}

    /**
     * One panel of a decision-boundary figure.
     *
     * @param probability P(class 1) on a {@code resolution x resolution} grid over the bounds, row 0 at the top
     * @param bounds      {xMin, xMax, yMin, yMax}
     */
    record Panel(String title, double[][] probability, double[] bounds, double[][] source, int[] sourceLabels,
            double[][] target) {
    }

    /** Like the paper's Figure 2: each model's decision regions, source points by class, target points in black. */
    static void decisionBoundaries(Path file, List<Panel> panels) {
        BufferedImage image = new BufferedImage(panels.size() * (PANEL + MARGIN) + MARGIN, PANEL + 2 * MARGIN + 20,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int left = MARGIN + p * (PANEL + MARGIN);
            int top = MARGIN + 10;
            int n = panel.probability().length;
            double cell = (double) PANEL / n;
            for (int row = 0; row < n; row++) {
                for (int col = 0; col < n; col++) {
                    double p1 = panel.probability()[row][col];
                    g.setColor(blend(CLASS_0, CLASS_1, p1));
                    g.fillRect(left + (int) (col * cell), top + (int) (row * cell), (int) Math.ceil(cell), (int) Math.ceil(cell));
                }
            }
            double[] b = panel.bounds();
            for (int i = 0; i < panel.source().length; i++) {
                g.setColor(panel.sourceLabels()[i] == 0 ? CLASS_0.darker() : CLASS_1.darker());
                int[] xy = toPixel(panel.source()[i], b, left, top);
                g.fillOval(xy[0] - 3, xy[1] - 3, 6, 6);
            }
            g.setColor(Color.BLACK);
            for (double[] point : panel.target()) {
                int[] xy = toPixel(point, b, left, top);
                g.drawLine(xy[0] - 3, xy[1] - 3, xy[0] + 3, xy[1] + 3);
                g.drawLine(xy[0] - 3, xy[1] + 3, xy[0] + 3, xy[1] - 3);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(left, top, PANEL, PANEL);
            g.setColor(Color.BLACK);
            g.drawString(panel.title(), left, top - 8);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("source: dots coloured by class; target: black crosses; background: predicted class", MARGIN,
                image.getHeight() - 12);
        write(image, file);
    }

    /** Label loss, domain loss, domain accuracy and lambda over steps, one line per run. */
    static void trainingCurves(Path file, Map<String, List<StepMetrics>> runs) {
        String[] titles = {"label loss", "domain loss", "domain accuracy", "lambda"};
        List<ToDoubleFunction<StepMetrics>> series = List.of(StepMetrics::labelLoss, StepMetrics::domainLoss,
                StepMetrics::domainAccuracy, StepMetrics::lambda);
        int width = 2 * (PANEL + MARGIN) + MARGIN;
        int height = 2 * (260 + MARGIN) + MARGIN + 20;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        for (int chart = 0; chart < 4; chart++) {
            int left = MARGIN + (chart % 2) * (PANEL + MARGIN);
            int top = MARGIN + (chart / 2) * (260 + MARGIN);
            drawChart(g, left, top, PANEL, 260, titles[chart], runs, series.get(chart));
        }
        int x = MARGIN;
        int run = 0;
        for (String name : runs.keySet()) {
            g.setColor(RUN_COLOURS[run++ % RUN_COLOURS.length]);
            g.fillRect(x, height - 22, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(name, x + 16, height - 12);
            x += 140;
        }
        write(image, file);
    }

    private static void drawChart(Graphics2D g, int left, int top, int w, int h, String title,
            Map<String, List<StepMetrics>> runs, ToDoubleFunction<StepMetrics> value) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long steps = 1;
        for (List<StepMetrics> metrics : runs.values()) {
            for (StepMetrics m : metrics) {
                double v = value.applyAsDouble(m);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                steps = Math.max(steps, m.step() + 1);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, w, h);
        g.setColor(Color.BLACK);
        g.drawString(title, left, top - 6);
        if (min > max) {
            g.drawString("(no data: source-only runs have no domain branch)", left + 10, top + h / 2);
            return;
        }
        if (max - min < 1e-12) {
            max = min + 1;
        }
        g.drawString(String.format(Locale.ROOT, "%.3g", max), left + 4, top + 14);
        g.drawString(String.format(Locale.ROOT, "%.3g", min), left + 4, top + h - 4);
        g.drawString("step " + (steps - 1), left + w - 80, top + h + 14);
        int run = 0;
        for (List<StepMetrics> metrics : runs.values()) {
            Path2D.Double line = new Path2D.Double();
            boolean started = false;
            // At most one point per pixel column keeps long runs cheap to draw.
            int stride = Math.max(1, metrics.size() / w);
            for (int i = 0; i < metrics.size(); i += stride) {
                double v = value.applyAsDouble(metrics.get(i));
                if (!Double.isFinite(v)) {
                    continue;
                }
                double px = left + (double) w * metrics.get(i).step() / steps;
                double py = top + h - h * (v - min) / (max - min);
                if (started) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                    started = true;
                }
            }
            g.setColor(RUN_COLOURS[run++ % RUN_COLOURS.length]);
            g.draw(line);
        }
    }

    private static int[] toPixel(double[] point, double[] bounds, int left, int top) {
        double fx = (point[0] - bounds[0]) / (bounds[1] - bounds[0]);
        double fy = (point[1] - bounds[2]) / (bounds[3] - bounds[2]);
        return new int[] {left + (int) Math.round(fx * PANEL), top + (int) Math.round((1 - fy) * PANEL)};
    }

    private static Color blend(Color a, Color b, double t) {
        // Pale colours, so that the points stay visible on top.
        double fade = 0.65;
        int r = (int) ((a.getRed() * (1 - t) + b.getRed() * t) * (1 - fade) + 255 * fade);
        int gr = (int) ((a.getGreen() * (1 - t) + b.getGreen() * t) * (1 - fade) + 255 * fade);
        int bl = (int) ((a.getBlue() * (1 - t) + b.getBlue() * t) * (1 - fade) + 255 * fade);
        return new Color(r, gr, bl);
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setStroke(new BasicStroke(1.5f));
        return g;
    }

    /** Writes atomically: an existing file is replaced whole or not at all. */
    private static void write(BufferedImage image, Path file) {
        io.github.dann4j.internal.AtomicFiles.write(file, temporary -> {
            try {
                if (!ImageIO.write(image, "png", temporary.toFile())) {
                    throw new IOException("no PNG writer available");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + Messages.of(e), e);
            }
        });
    }
}
