package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import io.github.dann4j.plot.FeatureSpace;
import io.github.dann4j.plot.Figures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate --plot-features on tiny models trained by the CLI: the figure, --beside, and the refusals before any work. */
class FeaturePlotCliTest {
    @TempDir
    static Path dir;
    static Path source;
    static Path target;
    static Path targetLabelled;
    static Path dann;
    static Path sourceOnly;


    @BeforeAll
    static void trainTwoModels() throws Exception {
        source = BlobsCsv.write(dir.resolve("source.csv"), 200, 0, true, 1);
        target = BlobsCsv.write(dir.resolve("target.csv"), 200, 1.5, false, 2);
        targetLabelled = BlobsCsv.write(dir.resolve("target_labelled.csv"), 150, 1.5, true, 3);
        dann = dir.resolve("dann");
        sourceOnly = dir.resolve("source-only");
        Result a = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "8",
                "--steps", "60", "--output", dann.toString());
        assertEquals(0, a.status(), a.err());
        Result b = run("train", "--source", source.toString(), "--source-only", "--features", "8", "--steps", "60",
                "--output", sourceOnly.toString());
        assertEquals(0, b.status(), b.err());
    }

    @Test
    void twoModelsSideBySideColouredByDomain() throws Exception {
        Path figure = dir.resolve("figures/features.png");
        Result r = run("evaluate", "--model", sourceOnly.toString(), "--beside", dann.toString(), "--domain-a", source.toString(),
                "--domain-b", target.toString(), "--plot-features", figure.toString(), "--domain-names", "source,target");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("proxy A-distance") && r.out().contains("wrote the feature-space figure"), r.out());
        assertTrue(r.out().contains("200 + 200 points a panel, coloured by domain"), r.out());
        BufferedImage image = ImageIO.read(figure.toFile());
        FeatureSpace.Options options = FeatureSpace.Options.DEFAULTS;
        assertEquals(2 * options.width(), image.getWidth());
        assertEquals(options.height(), image.getHeight());
        for (int half = 0; half < 2; half++) {
            BufferedImage panel = image.getSubimage(half * options.width(), 0, options.width(), options.height());
            assertTrue(Figures.pixels(panel, FeatureSpace.domainColour(0)) > 300 && Figures.pixels(panel, FeatureSpace.domainColour(1)) > 300,
                    "panel " + half + " draws both domains");
        }
    }

    @Test
    void labelledDomainsAreColouredByClassAndSubsampled() throws Exception {
        Path figure = dir.resolve("labelled.svg");
        Result r = run("evaluate", "--model", dann.toString(), "--domain-a", source.toString(), "--domain-b",
                targetLabelled.toString(), "--plot-features", figure.toString(), "--plot-points", "100");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("100 + 100 points a panel, coloured by class, shaped by domain"), r.out());
        assertTrue(Files.readString(figure).contains("<svg"));

        Path byDomain = dir.resolve("by-domain.png");
        Result domain = run("evaluate", "--model", dann.toString(), "--domain-a", source.toString(), "--domain-b",
                targetLabelled.toString(), "--plot-features", byDomain.toString(), "--plot-points", "100", "--colour-by", "domain");
        assertEquals(0, domain.status(), domain.err());
        assertTrue(domain.out().contains("100 + 100 points a panel, coloured by domain"), domain.out());
        BufferedImage image = ImageIO.read(byDomain.toFile());
        assertTrue(Figures.pixels(image, FeatureSpace.domainColour(0)) > 100 && Figures.pixels(image, FeatureSpace.domainColour(1)) > 100,
                "--colour-by domain draws the two domains' colours although both sets have labels");

        Result unlabelled = run("evaluate", "--model", dann.toString(), "--domain-a", source.toString(), "--domain-b",
                target.toString(), "--plot-features", dir.resolve("by-class.png").toString(), "--colour-by", "class");
        assertEquals(1, unlabelled.status(), unlabelled.err());
        assertTrue(unlabelled.err().contains("--colour-by class needs labels for both sets"), unlabelled.err());
        assertEquals(1, unlabelled.err().strip().lines().count(), unlabelled.err());
        assertFalse(Files.exists(dir.resolve("by-class.png")));
    }

    @Test
    void badRequestsAreRefusedBeforeAnyWork() throws Exception {
        String[] base = {"evaluate", "--model", dann.toString(), "--domain-a", source.toString(), "--domain-b", target.toString()};
        assertUsage(run(concat(base, "--plot-features", dir.resolve("f.jpg").toString())), "--plot-features: a figure is written as .png or .svg");
        assertUsage(run("evaluate", "--model", dann.toString(), "--data", targetLabelled.toString(), "--plot-features",
                dir.resolve("f.png").toString()), "--plot-features needs --domain-a and --domain-b");
        assertUsage(run(concat(base, "--beside", sourceOnly.toString())), "need --plot-features");
        assertUsage(run(concat(base, "--plot-features", dir.resolve("f.png").toString(), "--domain-names", "one")),
                "--domain-names takes two names");
        assertUsage(run(concat(base, "--plot-features", dir.resolve("f.png").toString(), "--colour-by", "shape")),
                "--colour-by takes auto, domain or class");
        assertUsage(run(concat(base, "--colour-by", "domain")), "need --plot-features");

        // An image folder is an input: a figure inside it would add a file to the data.
        Path images = Files.createDirectories(dir.resolve("images"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        Result inside = run("evaluate", "--model", dann.toString(), "--domain-a", images.toString(), "--domain-b",
                target.toString(), "--plot-features", images.resolve("features.png").toString());
        assertEquals(1, inside.status());
        assertTrue(inside.err().startsWith("dann4j: output") && inside.err().contains("input folder"), inside.err());
        assertEquals(1, inside.err().strip().lines().count(), inside.err());
        assertFalse(Files.exists(dir.resolve("f.png")) || Files.exists(images.resolve("features.png")));
    }

    private static void assertUsage(Result r, String part) {
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("dann4j: ") && r.err().contains(part), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
