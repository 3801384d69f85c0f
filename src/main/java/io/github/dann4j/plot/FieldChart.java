package io.github.dann4j.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * An XY chart with an image filling the data rectangle behind its series (a decision field under
 * scatter points). XChart draws annotations above the series, so the chart is painted twice: once
 * off-screen to learn where the axes put the data rectangle, then for real over the image, with
 * transparent backgrounds so the image shows through.
 */
final class FieldChart extends XYChart {
    private final BufferedImage field;
    private final double[] range;
    private final Locator locator = new Locator();

    /** {@code bounds}: {xMin, xMax, yMin, yMax}, the data range the image covers (row 0 at yMax). */
    FieldChart(int width, int height, BufferedImage field, double[] bounds) {
        super(width, height, Styler.ChartTheme.XChart);
        this.field = field;
        this.range = bounds.clone();
        getStyler().setXAxisMin(bounds[0]).setXAxisMax(bounds[1]).setYAxisMin(bounds[2]).setYAxisMax(bounds[3]);
        getStyler().setChartBackgroundColor(new Color(0, 0, 0, 0));
        getStyler().setPlotBackgroundColor(new Color(0, 0, 0, 0));
        addAnnotation(locator);
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D layout = scratch.createGraphics();
        super.paint(layout, width, height);
        layout.dispose();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Object interpolation = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(field, locator.left, locator.top, locator.right - locator.left, locator.bottom - locator.top, null);
        if (interpolation != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        }
        super.paint(g, width, height);
    }

    /** Records, each time the chart is painted, where the data bounds fall on screen. */
    private final class Locator extends Annotation {
        int left;
        int right;
        int top;
        int bottom;

        Locator() {
            super(false);
        }

        @Override
        public void paint(Graphics2D g) {
            left = getXAxisScreenValue(range[0]);
            right = getXAxisScreenValue(range[1]);
            top = getYAxisScreenValue(range[3]);
            bottom = getYAxisScreenValue(range[2]);
        }
    }
}
