package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --sampling passes|replacement}: the option, its refusals, and checkpoints kept to their mode. */
class SamplingCliTest {

    private static Path csv(Path file, int n, double shift, boolean labels, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(labels ? "a,b,label\n" : "a,b\n");
        for (int i = 0; i < n; i++) {
            text.append(String.format(Locale.ROOT, "%.5f,%.5f", (i % 2 == 0 ? -1 : 1) + shift + 0.3 * random.nextGaussian(),
                    0.3 * random.nextGaussian()));
            text.append(labels ? "," + (i % 2) + "\n" : "\n");
        }
        return Files.writeString(file, text);
    }

    @Test
    void badModesAndReplacementWithNoShuffleAreRefusedAsUsage(@TempDir Path dir) throws Exception {
        Path source = csv(dir.resolve("s.csv"), 20, 0, true, 1);
        Path target = csv(dir.resolve("t.csv"), 20, 0.5, false, 2);
        Result bad = run("train", "--source", source.toString(), "--target", target.toString(), "--steps", "2",
                "--sampling", "random", "--output", dir.resolve("a").toString());
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().startsWith("dann4j: --sampling must be passes or replacement, got 'random'"), bad.err());
        Result both = run("train", "--source", source.toString(), "--target", target.toString(), "--steps", "2",
                "--sampling", "replacement", "--no-shuffle", "--output", dir.resolve("b").toString());
        assertEquals(2, both.status(), both.err());
        assertTrue(both.err().contains("--sampling replacement draws random batches; it contradicts --no-shuffle"), both.err());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")), "nothing written");
        assertTrue(run("train", "--help").out().contains("--sampling"));
    }

    @Test
    void aReplacementRunTrainsAndItsCheckpointDoesNotResumeAsPasses(@TempDir Path dir) throws Exception {
        Path source = csv(dir.resolve("s.csv"), 40, 0, true, 1);
        Path target = csv(dir.resolve("t.csv"), 30, 0.5, false, 2);
        Path out = dir.resolve("run");
        Result train = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "8",
                "--steps", "20", "--batch-size", "8", "--sampling", "replacement", "--output", out.toString());
        assertEquals(0, train.status(), train.err());
        Result resume = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "8",
                "--steps", "20", "--batch-size", "8", "--resume", out.resolve("checkpoint.ckpt").toString(),
                "--output", dir.resolve("run2").toString());
        assertEquals(1, resume.status());
        assertTrue(resume.err().startsWith("dann4j: checkpoint") && resume.err().contains("sampling=REPLACEMENT but this run"),
                resume.err());
    }
}
