package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class ChartFilesTest {
    private static XYChart chart(String title) {
        XYChart chart = new XYChartBuilder().width(300).height(200).title(title).xAxisTitle("step").yAxisTitle("loss").build();
        chart.addSeries("loss", new double[] {1, 2, 3}, new double[] {3, 1, 2});
        return chart;
    }

    /** Distinct colours in the image: a blank (one-colour) image has 1. */
    static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void pngAndSvgByExtensionAndGridsOfCharts(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("one.png");
        ChartFiles.save(chart("one"), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(300, image.getWidth());
        assertEquals(200, image.getHeight());
        assertTrue(colours(image) > 10, "the figure is not blank");

        Path grid = dir.resolve("grid.png");
        ChartFiles.save(List.of(chart("a"), chart("b"), chart("c")), 1, 3, grid);
        BufferedImage wide = ImageIO.read(grid.toFile());
        assertEquals(900, wide.getWidth());
        assertEquals(200, wide.getHeight());

        Path svg = dir.resolve("grid.svg");
        ChartFiles.save(List.of(chart("a"), chart("b")), 2, 1, svg);
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains("</svg>"), text.substring(0, Math.min(200, text.length())));
        assertTrue(text.length() > 10_000 && text.contains("<path"), "the SVG draws the chart (XChart writes text as outlines)");
    }

    @Test
    void otherExtensionsAndBadGridsAreRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChartFiles.save(chart("x"), dir.resolve("x.jpg")));
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChartFiles.save(List.of(chart("a"), chart("b")), 1, 1,
                dir.resolve("x.png")));
        assertTrue(Files.notExists(dir.resolve("x.jpg")));
    }
}
