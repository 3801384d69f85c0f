package io.github.dann4j.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;

/**
 * A heat map that writes a count in each cell (XChart's own cell labels show the coloured value,
 * here a fraction, and its text annotations do not place on category axes). The cells are found
 * as XChart lays them out: the plot area shrunk by the styler's plot-content size, centred, cut
 * into equal rows and columns, row index 0 at the bottom.
 */
final class CountsHeatMap extends HeatMapChart {
    private final long[][] counts; // [row from the top][column]
    private final double[][] shade; // the colour value of each cell, 0..1, to choose dark or light text

    CountsHeatMap(int width, int height, long[][] counts, double[][] shade) {
        super(width, height, Styler.ChartTheme.XChart);
        this.counts = counts;
        this.shade = shade;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        super.paint(g, width, height);
        Rectangle2D bounds = plot.getBounds();
        double size = getStyler().getPlotContentSize();
        double w = bounds.getWidth() * size;
        double h = bounds.getHeight() * size;
        double left = bounds.getX() + (bounds.getWidth() - w) / 2;
        double top = bounds.getY() + (bounds.getHeight() - h) / 2;
        int rows = counts.length;
        int columns = counts[0].length;
        double cellW = w / columns;
        double cellH = h / rows;
        float points = (float) Math.max(7, Math.min(14, Math.min(cellW / 4, cellH / 2)));
        Graphics2D text = (Graphics2D) g.create();
        text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(points)));
        FontMetrics metrics = text.getFontMetrics();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                String label = Long.toString(counts[r][c]);
                text.setColor(shade[r][c] > 0.55 ? Color.WHITE : Color.BLACK);
                double x = left + (c + 0.5) * cellW - metrics.stringWidth(label) / 2.0;
                double y = top + (r + 0.5) * cellH + (metrics.getAscent() - metrics.getDescent()) / 2.0;
                text.drawString(label, (float) x, (float) y);
            }
        }
        text.dispose();
    }
}
