package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class DecisionBoundariesTest {
    private static final double[] BOUNDS = {-2, 2, -1, 3};

    /** P(class 1) = 0 on the left half, 1 on the right half. */
    private static double[][] leftRight(int n) {
        double[][] p = new double[n][n];
        for (double[] row : p) {
            for (int c = n / 2; c < n; c++) {
                row[c] = 1;
            }
        }
        return p;
    }

    private static DecisionBoundaries.Panel panel(String title) {
        double[][] source = {{-1.9, 2.9}, {1.9, 2.9}};
        return new DecisionBoundaries.Panel(title, leftRight(40), BOUNDS, source, new int[] {0, 1},
                new double[][] {{0, -0.9}});
    }

    @Test
    void panelsSideBySideWithTheFieldBehindThePoints(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("boundaries.png");
        DecisionBoundaries.save(List.of(panel("source-only: target accuracy 0.700"), panel("DANN")), file);
        BufferedImage image = Figures.png(file, 2 * 460, 500);
        for (int panel = 0; panel < 2; panel++) {
            int left = panel * 460;
            // Inside the plot, left of the middle is class 0 (red), right of it class 1 (blue).
            Color west = new Color(image.getRGB(left + 150, 220));
            Color east = new Color(image.getRGB(left + 350, 220));
            assertTrue(west.getRed() > west.getBlue() + 40, "panel " + panel + " left is " + west);
            assertTrue(east.getBlue() > east.getRed() + 40, "panel " + panel + " right is " + east);
            assertEquals(Palette.blend(Palette.CLASS_0, Palette.CLASS_1, 0, 0.65).getRGB(), west.getRGB(),
                    "the field colour of P(class 1) = 0");
        }
    }

    @Test
    void svgEmbedsTheFieldAndDrawsThePoints(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("boundaries.svg");
        DecisionBoundaries.save(List.of(panel("DANN")), file);
        Document svg = Figures.svg(file, 50);
        assertEquals(1, svg.getElementsByTagName("image").getLength(), "the field is one embedded image");
    }

    @Test
    void malformedPanelsAreRefused() {
        double[][] ragged = {{0, 1}, {0}};
        assertThrows(IllegalArgumentException.class, () -> new DecisionBoundaries.Panel("x", ragged, BOUNDS,
                new double[0][], new int[0], new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> new DecisionBoundaries.Panel("x", leftRight(4),
                new double[] {1, 0, 0, 1}, new double[0][], new int[0], new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> new DecisionBoundaries.Panel("x", leftRight(4), BOUNDS,
                new double[][] {{0, 0}}, new int[0], new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> DecisionBoundaries.save(List.of(), Path.of("x.png")));
    }
}
