package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;

class ConfusionHeatMapTest {
    private static final long[][] COUNTS = {{50, 3, 0}, {10, 80, 10}, {0, 0, 0}};

    @Test
    void cellsAreRowNormalisedWithClassZeroOnTop() {
        HeatMapChart chart = ConfusionHeatMap.chart(COUNTS, "test", List.of("cat", "dog", "eel"));
        assertEquals(List.of("cat", "dog", "eel"), chart.getHeatMapSeries().getXData());
        assertEquals(List.of("eel", "dog", "cat"), chart.getHeatMapSeries().getYData());
        double[] rowSums = new double[3];
        for (Number[] cell : chart.getHeatMapSeries().getHeatData()) {
            int predicted = cell[0].intValue();
            int truth = 2 - cell[1].intValue();
            long support = COUNTS[truth][0] + COUNTS[truth][1] + COUNTS[truth][2];
            double expected = support == 0 ? 0 : (double) COUNTS[truth][predicted] / support;
            assertEquals(expected, cell[2].doubleValue(), 1e-12, "cell " + truth + "," + predicted);
            rowSums[truth] += cell[2].doubleValue();
        }
        assertEquals(1, rowSums[0], 1e-12);
        assertEquals(1, rowSums[1], 1e-12);
        assertEquals(0, rowSums[2], 0, "a class with no samples is an empty row, not NaN");
        assertTrue(chart instanceof CountsHeatMap, "counts are written for few classes");
        assertFalse(ConfusionHeatMap.chart(new long[40][40], "many", null) instanceof CountsHeatMap);
    }

    @Test
    void pngAndSvg(@TempDir Path dir) throws Exception {
        HeatMapChart chart = ConfusionHeatMap.chart(COUNTS, "test", null);
        Path png = dir.resolve("confusion.png");
        ChartFiles.save(chart, png);
        Figures.png(png, chart.getWidth(), chart.getHeight());
        Path svg = dir.resolve("confusion.svg");
        ChartFiles.save(chart, svg);
        Figures.svg(svg, 30);
        Path big = dir.resolve("big.png");
        long[][] many = new long[200][200];
        for (int i = 0; i < many.length; i++) {
            many[i][i] = 5;
            many[i][(i + 1) % many.length] = 1;
        }
        HeatMapChart large = ConfusionHeatMap.chart(many, "200 classes", null);
        ChartFiles.save(large, big);
        Figures.png(big, large.getWidth(), large.getHeight());
    }

    @Test
    void malformedMatricesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConfusionHeatMap.chart(new long[0][], "x", null));
        assertThrows(IllegalArgumentException.class, () -> ConfusionHeatMap.chart(new long[][] {{1, 2}}, "x", null));
        assertThrows(IllegalArgumentException.class, () -> ConfusionHeatMap.chart(new long[][] {{-1}}, "x", null));
    }
}
