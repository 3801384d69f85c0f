package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class FeatureSpaceTest {
    private static double[][] blob(int n, double shift, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[n][5];
        for (double[] row : rows) {
            for (int j = 0; j < 5; j++) {
                row[j] = (j == 0 ? shift : 0) + random.nextGaussian();
            }
        }
        return rows;
    }

    @Test
    void twoPanelsSideBySideInBothDomainColours(@TempDir Path dir) throws Exception {
        FeatureSpace.Panel before = new FeatureSpace.Panel("source only", blob(300, 0, 1), blob(200, 4, 2));
        FeatureSpace.Panel after = new FeatureSpace.Panel("DANN", blob(300, 0, 3), blob(200, 0.2, 4));
        FeatureSpace.Options options = FeatureSpace.Options.DEFAULTS.withNames("MNIST", "MNIST-M");
        Path png = dir.resolve("features.png");
        FeatureSpace.save(List.of(before, after), options, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * options.width(), image.getWidth());
        assertEquals(options.height(), image.getHeight());
        assertTrue(ChartFilesTest.colours(image) > 20, "not blank");
        for (int d = 0; d < 2; d++) {
            assertTrue(Figures.pixels(image, FeatureSpace.domainColour(d)) > 500, "domain " + d + "'s colour is drawn");
        }
        // Both halves are drawn: each has markers of both domains.
        BufferedImage right = image.getSubimage(options.width(), 0, options.width(), options.height());
        assertTrue(Figures.pixels(right, FeatureSpace.domainColour(0)) > 200 && Figures.pixels(right, FeatureSpace.domainColour(1)) > 200);

        List<XYChart> charts = FeatureSpace.charts(List.of(before), options);
        XYChart chart = charts.get(0);
        assertTrue(chart.getXAxisTitle().matches("PC1 \\(\\d+\\.\\d %\\)"), chart.getXAxisTitle());
        assertTrue(chart.getYAxisTitle().startsWith("PC2 ("), chart.getYAxisTitle());
        assertEquals(List.of("MNIST", "MNIST-M"), List.copyOf(chart.getSeriesMap().keySet()));
        // The shift along column 0 dominates the pooled variance of "source only".
        double share = Double.parseDouble(chart.getXAxisTitle().replaceAll("PC1 \\((.*) %\\)", "$1"));
        assertTrue(share > 50, chart.getXAxisTitle());

        Path svg = dir.resolve("features.svg");
        FeatureSpace.save(List.of(before), options, svg);
        assertTrue(Files.readString(svg).contains("<svg"));
    }

    @Test
    void labelsColourByClassAndMarkersTellTheDomains(@TempDir Path dir) throws Exception {
        double[][] a = blob(120, 0, 5);
        double[][] b = blob(80, 1, 6);
        int[] labelsA = new int[a.length];
        int[] labelsB = new int[b.length];
        for (int i = 0; i < a.length; i++) {
            labelsA[i] = i % 3;
        }
        for (int i = 0; i < b.length; i++) {
            labelsB[i] = i % 3;
        }
        FeatureSpace.Panel panel = new FeatureSpace.Panel("labelled", a, b).withLabels(labelsA, labelsB);
        XYChart chart = FeatureSpace.charts(List.of(panel), FeatureSpace.Options.DEFAULTS).get(0);
        assertEquals(List.of("domain A, class 0", "domain A, class 1", "domain A, class 2", "domain B, class 0", "domain B, class 1",
                "domain B, class 2"),
                List.copyOf(chart.getSeriesMap().keySet()));
        Path png = dir.resolve("labelled.png");
        FeatureSpace.save(List.of(panel), FeatureSpace.Options.DEFAULTS, png);
        BufferedImage image = ImageIO.read(png.toFile());
        for (int c = 0; c < 3; c++) {
            assertTrue(Figures.pixels(image, FeatureSpace.classColour(c)) > 100, "class " + c + "'s colour is drawn");
        }
        assertThrows(IllegalArgumentException.class, () -> new FeatureSpace.Panel("x", a, b, labelsA, null));
        assertThrows(IllegalArgumentException.class, () -> new FeatureSpace.Panel("x", a, b, labelsB, labelsA));
    }

    @Test
    void largeInputsAreSubsampledTheSameWayEachTime(@TempDir Path dir) throws Exception {
        int[] first = FeatureSpace.sample(100_000, 500, 7);
        assertEquals(500, first.length);
        assertArrayEquals(first, FeatureSpace.sample(100_000, 500, 7));
        for (int i = 1; i < first.length; i++) {
            assertTrue(first[i] > first[i - 1] && first[i] < 100_000);
        }
        assertTrue(first[first.length - 1] > 90_000 && first[0] < 10_000, "spread over the whole range");
        assertEquals(10, FeatureSpace.sample(10, 500, 7).length);

        FeatureSpace.Options few = FeatureSpace.Options.DEFAULTS.withMaxPoints(50);
        XYChart chart = FeatureSpace.charts(List.of(new FeatureSpace.Panel("big", blob(5000, 0, 8), blob(5000, 2, 9))), few)
                .get(0);
        assertEquals(50, chart.getSeriesMap().get("domain A").getXData().length);
        assertEquals(50, chart.getSeriesMap().get("domain B").getXData().length);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSpace.save(
                List.of(new FeatureSpace.Panel("p", blob(5, 0, 1), blob(5, 0, 2))), few, dir.resolve("f.gif")));
        assertTrue(e.getMessage().contains(".png or .svg"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("f.gif")));
    }
}
