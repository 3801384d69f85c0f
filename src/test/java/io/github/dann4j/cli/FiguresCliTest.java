package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import io.github.dann4j.plot.Figures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures the commands write: demo and train with --figure-format, evaluate --plot-confusion. */
class FiguresCliTest {

    /** Three Gaussian blobs (labels 0..2) in 2 features. */
    private static Path csv(Path file, int n, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            text.append(String.format(Locale.ROOT, "%.5f,%.5f,%d%n", 2 * label + 0.4 * random.nextGaussian(),
                    (label == 1 ? 2 : 0) + 0.4 * random.nextGaussian(), label));
        }
        return Files.writeString(file, text);
    }

    private static void oneLineError(Result result, int status, String mention) {
        assertEquals(status, result.status(), result.out() + result.err());
        assertTrue(result.err().startsWith("dann4j: ") && result.err().contains(mention), result.err());
    }

    @Test
    void demoWritesSvgFiguresOnRequest(@TempDir Path dir) throws Exception {
        Result result = run("demo", "--steps", "60", "--figure-format", "svg", "--output", dir.toString());
        assertEquals(0, result.status(), result.err());
        Figures.svg(dir.resolve("decision_boundaries.svg"), 100);
        Figures.svg(dir.resolve("training_curves.svg"), 200);
        assertFalse(Files.exists(dir.resolve("training_curves.png")) || Files.exists(dir.resolve("decision_boundaries.png")));
        assertTrue(result.out().contains("training_curves.svg"), result.out());
        oneLineError(run("demo", "--steps", "5", "--figure-format", "gif", "--output", dir.resolve("x").toString()), 2,
                "--figure-format must be png or svg, got gif");
        assertFalse(Files.exists(dir.resolve("x").resolve("metrics.csv")));
    }

    @Test
    void trainThenEvaluateDrawsTheConfusionHeatMap(@TempDir Path dir) throws Exception {
        Path data = csv(dir.resolve("data.csv"), 150, 1);
        Path model = dir.resolve("run");
        Result train = run("train", "--source", data.toString(), "--source-only", "--features", "8", "--steps", "150",
                "--batch-size", "16", "--lr", "constant:0.1", "--figure-format", "svg", "--output", model.toString());
        assertEquals(0, train.status(), train.err());
        Figures.svg(model.resolve("training_curves.svg"), 200);
        assertFalse(Files.exists(model.resolve("training_curves.png")));

        Path png = dir.resolve("figures").resolve("confusion.png");
        Result evaluate = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot-confusion",
                png.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.out().contains("confusion matrix") && evaluate.out().contains("wrote " + png), evaluate.out());
        BufferedImage image = ImageIO.read(png.toFile());
        Figures.png(png, image.getWidth(), image.getHeight());
        assertTrue(image.getWidth() >= 400 && image.getHeight() >= 300, image.getWidth() + "x" + image.getHeight());

        Path svg = dir.resolve("confusion.svg");
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot-confusion",
                svg.toString()).status());
        Figures.svg(svg, 30);
    }

    @Test
    void aBadConfusionOutputIsRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path data = csv(dir.resolve("data.csv"), 30, 2);
        Path model = dir.resolve("m");
        Files.createDirectories(model);
        Files.writeString(model.resolve("model.properties"), "architecture=mlp\n");
        Files.write(model.resolve("model.pt"), new byte[] {1, 2, 3});
        byte[] dataBefore = Files.readAllBytes(data);
        byte[] weightsBefore = Files.readAllBytes(model.resolve("model.pt"));

        oneLineError(run("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot-confusion",
                dir.resolve("c.jpg").toString()), 2, ".png or .svg");
        assertFalse(Files.exists(dir.resolve("c.jpg")));
        oneLineError(run("evaluate", "--model", model.toString(), "--domain-a", data.toString(), "--domain-b",
                data.toString(), "--plot-confusion", dir.resolve("c.png").toString()), 2, "--plot-confusion needs --data");

        // The model folder is broken on purpose: a refusal that loaded it first would fail differently.
        // Outputs are compared by real path: a .png link to the data, an .svg link to the weights.
        Path dataLink = Files.createSymbolicLink(dir.resolve("data.png"), data);
        Result overData = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot-confusion",
                dataLink.toString());
        oneLineError(overData, 1, "would overwrite the input");
        Path weightsLink = Files.createSymbolicLink(dir.resolve("weights.svg"), model.resolve("model.pt"));
        Result intoModel = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot-confusion",
                weightsLink.toString());
        oneLineError(intoModel, 1, "would overwrite the input");
        assertArrayEquals(dataBefore, Files.readAllBytes(data));
        assertArrayEquals(weightsBefore, Files.readAllBytes(model.resolve("model.pt")));
    }
}
