package io.github.dann4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** Exit status, standard output, standard error. */
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    private static void assertPicture(Path png, int minWidth, int minHeight) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, png + " is not a readable PNG");
        assertTrue(image.getWidth() >= minWidth && image.getHeight() >= minHeight,
                png + " is " + image.getWidth() + "x" + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, png + " looks blank: " + colours.size() + " colours");
    }

    @Test
    void demoWritesFiguresAndMetricsAndPrintsBothAccuracies(@TempDir Path dir) throws Exception {
        Result result = run("demo", "--steps", "300", "--output", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().matches("(?s).*seed 1: target accuracy source-only 0\\.\\d{3}, DANN 0\\.\\d{3}.*"), result.out());
        assertPicture(dir.resolve("decision_boundaries.png"), 800, 400);
        assertPicture(dir.resolve("training_curves.png"), 800, 500);
        List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("run,step,loss,label_loss,domain_loss,domain_accuracy,lambda,learning_rate", csv.get(0));
        assertEquals(1 + 2 * 300, csv.size());
        assertTrue(csv.get(1).startsWith("source-only,0,") && csv.get(301).startsWith("DANN,0,"));
    }

    @Test
    void severalSeedsPrintMeanAndStandardDeviation(@TempDir Path dir) {
        Result result = run("demo", "--steps", "50", "--seed", "1,2", "--output", dir.toString());
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("over 2 seeds: source-only"), result.out());
    }

    @Test
    void infoChecksTheNativeOp() {
        Result result = run("info");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().contains("gradient reversal  ok"), result.out());
        assertTrue(result.out().contains("bytedeco pytorch   2.10.0-1.5.13"), result.out());
        String flavour = io.github.dann4j.runtime.CudaStatus.flavor();
        assertTrue(result.out().contains("flavour            " + flavour + " (bytedeco's linux-x86_64"
                + (flavour.equals("cuda") ? "-gpu" : "") + " libtorch"), result.out());
        assertTrue(result.out().matches("(?s).*\\nCUDA  +\\S.*\\nNVIDIA driver  +\\S.*\\ndevices            cpu.*"),
                result.out());
    }

    @Test
    void badUsageIsOneLineAndExitTwo() {
        Result steps = run("demo", "--steps", "0");
        assertEquals(2, steps.status());
        assertTrue(steps.err().startsWith("dann4j: --steps must be positive, got 0"), steps.err());
        Result threads = run("demo", "--threads", "0", "--steps", "5");
        assertEquals(1, threads.status());
        assertTrue(threads.err().startsWith("dann4j: --threads must be at least 1, got 0"), threads.err());
        Result unknown = run("frobnicate");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("dann4j: Unmatched argument"), unknown.err());
        assertEquals(2, unknown.err().strip().split("\n").length, unknown.err());
    }

    @Test
    void runtimeErrorsAreOneLineWithExitOneAndStackTraceOnlyWhenVerbose(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Result quiet = run("demo", "--steps", "10", "--output", file.resolve("sub").toString());
        assertEquals(1, quiet.status());
        assertTrue(quiet.err().startsWith("dann4j: cannot create output folder"), quiet.err());
        assertEquals(1, quiet.err().strip().split("\n").length, quiet.err());
        Result verbose = run("demo", "--verbose", "--steps", "10", "--output", file.resolve("sub").toString());
        assertTrue(verbose.err().contains("\tat "), "no stack trace with --verbose: " + verbose.err());
    }
}
