package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.dann4j.cli.MainTest.Result;
import java.awt.image.BufferedImage;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dann4j export} on a folder written by {@code dann4j train}: ONNX Runtime, given the
 * image files' uint8 pixels (decoded here with ImageIO, not by dann4j), gives the classes and
 * probabilities {@code dann4j predict} gives on the same files; bad requests get one line.
 */
class ExportCliTest {
    /**
     * 16x16 grey PNGs and labels.txt: class 0 is bright in its top half, class 1 in its bottom
     * half, over noise whose level sets the domain.
     */
    private static Path images(Path folder, int n, int noise, long seed) throws Exception {
        Files.createDirectories(folder);
        Random random = new Random(seed);
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
            int[] row = new int[16];
            for (int y = 0; y < 16; y++) {
                int base = (y < 8) == (i % 2 == 0) ? 200 : 20;
                for (int x = 0; x < 16; x++) {
                    row[x] = Math.min(255, base + random.nextInt(noise));
                }
                image.getRaster().setSamples(0, y, 16, 1, 0, row);
            }
            String name = "img" + i + ".png";
            ImageIO.write(image, "png", folder.resolve(name).toFile());
            labels.append(name).append(' ').append(i % 2).append('\n');
        }
        Files.writeString(folder.resolve("labels.txt"), labels);
        return folder;
    }

    /** The images listed in labels.txt, in its order, as uint8 {@code [N, 1, 16, 16]}. */
    private static byte[] pixels(Path folder, int n) throws Exception {
        List<String> names = Files.readAllLines(folder.resolve("labels.txt")).stream().map(l -> l.split(" ")[0]).toList();
        ByteBuffer all = ByteBuffer.allocate(n * 16 * 16);
        for (String name : names) {
            BufferedImage image = ImageIO.read(folder.resolve(name).toFile());
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    all.put((byte) image.getRaster().getSample(x, y, 0));
                }
            }
        }
        return all.array();
    }

    @Test
    void onnxRuntimeOnTheImageFilesAgreesWithDann4jPredict(@TempDir Path dir) throws Exception {
        Path source = images(dir.resolve("source"), 64, 30, 1);
        Path target = images(dir.resolve("target"), 40, 80, 2);
        Path model = dir.resolve("model");
        Result train = run("train", "--source", source.toString(), "--target", target.toString(), "--grey-to-rgb",
                "--resize", "28x28", "--normalize", "standard", "--steps", "40", "--batch-size", "16", "--output",
                model.toString());
        assertEquals(0, train.status(), train.err());
        Path onnx = dir.resolve("model.onnx");
        Result export = run("export", "--model", model.toString(), "--output", onnx.toString(), "--with-domain-output");
        assertEquals(0, export.status(), export.err());
        assertTrue(export.out().contains("opset 17") && export.out().contains("input input uint8 [batch, channels, height,"
                + " width] -> logits, probabilities, target_probability"), export.out());
        Path csv = dir.resolve("predictions.csv");
        Result predict = run("predict", "--model", model.toString(), "--data", target.toString(), "--output", csv.toString(),
                "--with-domain");
        assertEquals(0, predict.status(), predict.err());
        List<String> rows = Files.readAllLines(csv);

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(environment, ByteBuffer.wrap(pixels(target, 40)),
                        new long[] {40, 1, 16, 16}, OnnxJavaType.UINT8);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            float[][] probabilities = (float[][]) result.get("probabilities").get().getValue();
            float[][] targetProbability = (float[][]) result.get("target_probability").get().getValue();
            assertEquals(41, rows.size());
            for (int i = 0; i < 40; i++) {
                String[] cells = rows.get(i + 1).split(",");
                int best = probabilities[i][0] >= probabilities[i][1] ? 0 : 1;
                assertEquals(Integer.parseInt(cells[1]), best, "image " + i);
                for (int c = 0; c < 2; c++) {
                    assertEquals(Double.parseDouble(cells[2 + c]), probabilities[i][c], 1e-5, "image " + i + " class " + c);
                }
                assertEquals(Double.parseDouble(cells[4]), targetProbability[i][0], 1e-5, "image " + i);
            }
        }
    }

    @Test
    void badRequestsGetOneLineAndWriteNothing(@TempDir Path dir) throws Exception {
        Path source = images(dir.resolve("source"), 16, 30, 1);
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--source", source.toString(), "--target", source.toString(), "--steps", "2",
                "--batch-size", "8", "--output", model.toString()).status());
        Path onnx = dir.resolve("out.onnx");

        assertOneLine(run("export", "--model", model.toString(), "--output", onnx.toString(), "--precision", "float16"),
                "--precision");
        assertOneLine(run("export", "--model", model.toString(), "--output", onnx.toString(), "--input-type", "int"),
                "--input-type");
        assertOneLine(run("export", "--model", dir.resolve("missing").toString(), "--output", onnx.toString()), "missing");
        assertOneLine(run("export", "--model", model.toString(), "--output", model.resolve("model.pt").toString()),
                "model.pt");
        // A folder of a newer format than this dann4j reads.
        Properties description = new Properties();
        try (Reader in = Files.newBufferedReader(model.resolve("model.properties"))) {
            description.load(in);
        }
        Properties unknown = (Properties) description.clone();
        unknown.setProperty("architecture", "resnet");
        try (Writer out = Files.newBufferedWriter(model.resolve("model.properties"))) {
            unknown.store(out, null);
        }
        assertOneLine(run("export", "--model", model.toString(), "--output", onnx.toString()), "resnet");
        String newer = Integer.toString(io.github.dann4j.model.ModelDescription.FORMAT_VERSION + 1);
        description.setProperty("format_version", newer);
        try (Writer out = Files.newBufferedWriter(model.resolve("model.properties"))) {
            description.store(out, null);
        }
        assertOneLine(run("export", "--model", model.toString(), "--output", onnx.toString()), "format_version " + newer);
        assertTrue(Files.notExists(onnx), "nothing is written on a refusal");
    }

    private static void assertOneLine(Result result, String mention) {
        assertNotEquals(0, result.status(), result.out());
        String err = result.err().trim();
        assertTrue(err.contains(mention), err);
        // One line of error; usage errors add picocli's "Try 'dann4j export --help'" hint.
        assertEquals(1, err.lines().filter(l -> !l.startsWith("Try 'dann4j export --help'")).count(), err);
    }
}
