package io.github.dann4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks on written figures: a PNG decodes at the expected size and is not blank; an SVG parses. */
public final class Figures {
    private Figures() {}

    /** Distinct colours in the rectangle (every second pixel). */
    public static int colours(BufferedImage image, int x0, int y0, int x1, int y1) {
        Set<Integer> seen = new HashSet<>();
        for (int y = y0; y < y1; y += 2) {
            for (int x = x0; x < x1; x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** Pixels of exactly {@code colour} (alpha ignored) in the image. */
    public static int pixels(BufferedImage image, java.awt.Color colour) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return count;
    }

    /** Decodes {@code png}, checks its size and that it has many colours; returns it. */
    public static BufferedImage png(Path png, int width, int height) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a readable PNG");
        assertEquals(width, image.getWidth(), png + " width");
        assertEquals(height, image.getHeight(), png + " height");
        int colours = colours(image, 0, 0, width, height);
        assertTrue(colours > 50, png + " looks blank: " + colours + " colours");
        return image;
    }

    /** Parses {@code svg} as XML (no DTD fetched): the root is svg, with at least {@code minElements} elements. */
    public static Document svg(Path svg, int minElements) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", document.getDocumentElement().getTagName(), svg + " root");
        int elements = document.getElementsByTagName("*").getLength();
        assertTrue(elements >= minElements, svg + " has only " + elements + " elements");
        return document;
    }
}
