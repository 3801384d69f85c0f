package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import io.github.dann4j.runtime.OutputLock;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * predict and train refuse, before reading anything, an output that is one of their inputs,
 * explicit or implicit, compared by real path; and an output folder another run holds (issue 20,
 * item 4). Each refused input is checked byte for byte afterwards.
 */
class OutputsNeverOverwriteInputsTest {

    private static void assertRefused(Result result, Path input, byte[] before) throws Exception {
        assertEquals(1, result.status(), result.err());
        assertTrue(result.err().startsWith("dann4j: output ") && (result.err().contains("would overwrite the input")
                || result.err().contains("would write into the input folder")), result.err());
        assertArrayEquals(before, Files.readAllBytes(input), input + " was changed");
    }

    /** An IDX file of zeros with the given magic and dimensions. */
    private static Path idx(Path file, int magic, int... dims) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            int count = 1;
            for (int d : dims) {
                out.writeInt(d);
                count *= d;
            }
            out.write(new byte[count]);
        }
        return Files.write(file, bytes.toByteArray());
    }

    private static Path modelFolder(Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("m"));
        Files.writeString(model.resolve("model.properties"), "architecture=mlp\n");
        Files.write(model.resolve("model.pt"), new byte[] {1, 2, 3});
        return model;
    }

    @Test
    void predictNeverWritesOverTheModelFolderFiles(@TempDir Path dir) throws Exception {
        Path model = modelFolder(dir);
        Path data = Files.writeString(dir.resolve("d.csv"), "a,b\n0,1\n");
        byte[] weights = Files.readAllBytes(model.resolve("model.pt"));
        assertRefused(run("predict", "--model", model.toString(), "--data", data.toString(),
                "--output", model.resolve("model.pt").toString()), model.resolve("model.pt"), weights);
        // The same file by another path: through '..' and through a symbolic link.
        assertRefused(run("predict", "--model", model.toString(), "--data", data.toString(),
                "--output", dir.resolve("m/../m/model.properties").toString()), model.resolve("model.properties"),
                Files.readAllBytes(model.resolve("model.properties")));
        Path link = Files.createSymbolicLink(dir.resolve("link.pt"), model.resolve("model.pt"));
        assertRefused(run("predict", "--model", model.toString(), "--data", data.toString(), "--output", link.toString()),
                model.resolve("model.pt"), weights);
    }

    @Test
    void predictNeverWritesOverTheLabelsBesideIdxImages(@TempDir Path dir) throws Exception {
        Path images = idx(dir.resolve("X-images-idx3-ubyte"), 0x803, 2, 4, 4);
        Path labels = idx(dir.resolve("X-labels-idx1-ubyte"), 0x801, 2);
        byte[] before = Files.readAllBytes(labels);
        assertRefused(run("predict", "--model", modelFolder(dir).toString(), "--data", images.toString(),
                "--output", labels.toString()), labels, before);
    }

    @Test
    void predictNeverWritesOverAnImageFoldersLabelsFileOrIntoTheFolder(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("imgs"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR), "png", folder.resolve("0.png").toFile());
        Path labels = Files.writeString(dir.resolve("imgs_labels.txt"), "0.png 1\n");
        byte[] before = Files.readAllBytes(labels);
        assertRefused(run("predict", "--model", modelFolder(dir).toString(), "--data", folder.toString(),
                "--output", labels.toString()), labels, before);
        Path image = folder.resolve("0.png");
        Result inside = run("predict", "--model", modelFolder(dir).toString(), "--data", folder.toString(),
                "--output", image.toString());
        assertRefused(inside, image, Files.readAllBytes(image));
        assertTrue(inside.err().contains("would write into the input folder " + folder), inside.err());
    }

    @Test
    void trainNeverWritesOverItsInputs(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path source = Files.writeString(run.resolve("metrics.csv"), "a,label\n0,0\n1,1\n");
        byte[] before = Files.readAllBytes(source);
        assertRefused(run("train", "--source", source.toString(), "--source-only", "--steps", "1",
                "--output", run.toString()), source, before);
        Path init = Files.write(run.resolve("model.pt"), new byte[] {9});
        Path data = Files.writeString(dir.resolve("s.csv"), "a,label\n0,0\n1,1\n");
        assertRefused(run("train", "--source", data.toString(), "--source-only", "--steps", "1", "--init", init.toString(),
                "--output", dir.resolve("other/../run").toString()), init, new byte[] {9});
    }

    @Test
    void twoTrainRunsIntoOneFolderArePrevented(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("s.csv"), "a,label\n0,0\n1,1\n0,0\n1,1\n");
        Path out = dir.resolve("run");
        Path stale = Files.createDirectories(out).resolve(".model.pt.123456789.tmp");
        try (OutputLock held = OutputLock.acquire(out)) { // another run in progress
            Result second = run("train", "--source", data.toString(), "--source-only", "--steps", "1", "--output", out.toString());
            assertEquals(1, second.status(), second.err());
            assertTrue(second.err().startsWith("dann4j: output folder " + out + " is in use by another run in this process"),
                    second.err());
            assertFalse(Files.exists(out.resolve("model.pt")));
        }
        Files.writeString(stale, "left by a killed run");
        Result alone = run("train", "--source", data.toString(), "--source-only", "--steps", "2", "--output", out.toString());
        assertEquals(0, alone.status(), alone.err());
        assertFalse(Files.exists(stale), "stale temporary file not removed");
        assertTrue(Files.isRegularFile(out.resolve("model.pt")));
    }
}
