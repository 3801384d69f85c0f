package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --discriminator} sets the digits network's domain head, the saved model remembers it, and
 * models saved before it could be set (format 1) still load with the paper's head.
 */
class DigitsDomainHeadCliTest {

    /** n grey 16×16 images in IDX format, label 0 bright on the left half, 1 on the right; labels beside. */
    private static Path idxImages(Path dir, String name, int n, long seed) throws Exception {
        Random random = new Random(seed);
        int side = 16;
        ByteBuffer images = ByteBuffer.allocate(16 + n * side * side).putInt(0x803).putInt(n).putInt(side).putInt(side);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            labels.put((byte) label);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean lit = (x < side / 2) == (label == 0);
                    images.put((byte) ((lit ? 180 : 20) + random.nextInt(40)));
                }
            }
        }
        Files.write(dir.resolve(name + "-labels-idx1-ubyte"), labels.array());
        return Files.write(dir.resolve(name + "-images-idx3-ubyte"), images.array());
    }

    private static Properties read(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void domainHeadIsChosenSavedAndRebuilt(@TempDir Path dir) throws Exception {
        Path source = idxImages(dir, "source", 32, 1);
        Path target = idxImages(dir, "target", 32, 2);
        Path wide = dir.resolve("wide");
        Result train = run("train", "--source", source.toString(), "--target", target.toString(), "--architecture", "digits",
                "--discriminator", "48,24,1", "--steps", "3", "--batch-size", "8", "--output", wide.toString());
        assertEquals(0, train.status(), train.err());
        Properties saved = read(wide.resolve("model.properties"));
        assertEquals("48,24,1", saved.getProperty("discriminator_sizes"));
        assertEquals(Integer.toString(io.github.dann4j.model.ModelDescription.FORMAT_VERSION), saved.getProperty("format_version"));
        // evaluate rebuilds the model from model.properties and loads model.pt into it: a head of
        // other widths would not take the saved tensors.
        Result evaluate = run("evaluate", "--model", wide.toString(), "--domain-a", source.toString(), "--domain-b", target.toString());
        assertEquals(0, evaluate.status(), evaluate.err());

        Path paper = dir.resolve("paper");
        assertEquals(0, run("train", "--source", source.toString(), "--target", target.toString(), "--architecture", "digits",
                "--steps", "3", "--batch-size", "8", "--output", paper.toString()).status());
        assertEquals("100,1", read(paper.resolve("model.properties")).getProperty("discriminator_sizes"));
        // A format-1 description: no format_version, and discriminator_sizes holding the MLP default.
        Properties old = read(paper.resolve("model.properties"));
        old.remove("format_version");
        old.setProperty("discriminator_sizes", "1");
        try (Writer out = Files.newBufferedWriter(paper.resolve("model.properties"))) {
            old.store(out, null);
        }
        Result legacy = run("evaluate", "--model", paper.toString(), "--domain-a", source.toString(), "--domain-b", target.toString());
        assertEquals(0, legacy.status(), legacy.err());

        Result bad = run("train", "--source", source.toString(), "--target", target.toString(), "--architecture", "digits",
                "--discriminator", "100,0", "--steps", "3", "--output", dir.resolve("bad").toString());
        assertEquals(1, bad.status(), bad.out() + bad.err());
        assertTrue(bad.err().startsWith("dann4j: ") && bad.err().contains("[100, 0]"), bad.err());
        assertEquals(1, bad.err().strip().split("\n").length, bad.err());
    }
}
