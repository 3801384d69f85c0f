package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --metrics-every N: one metrics.csv row per N steps (their mean), the same model, bad values refused. */
class MetricsEveryCliTest {
    private static Result train(Path source, Path target, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--source", source.toString(), "--target", target.toString(),
                "--features", "8", "--steps", "45", "--batch-size", "16", "--checkpoint-every", "20",
                "--lr", "constant:0.05", "--output", out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void metricsAreWrittenPerWindowAndTheModelIsUnchanged(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 100, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 100, 0.5, false, 2);
        Result every = train(source, target, dir.resolve("every"));
        assertEquals(0, every.status(), every.err());
        Result windows = train(source, target, dir.resolve("windows"), "--metrics-every", "7");
        assertEquals(0, windows.status(), windows.err());
        assertTrue(windows.out().contains("trained 45 steps"), windows.out());
        List<String> csv = Files.readAllLines(dir.resolve("windows").resolve("metrics.csv"));
        List<String> steps = csv.subList(1, csv.size()).stream().map(row -> row.split(",")[1]).toList();
        // every 7 steps, plus the reads at the checkpoints (steps 20 and 40) and at the last step
        assertEquals(List.of("6", "13", "19", "20", "27", "34", "39", "41", "44"), steps);
        assertEquals(46, Files.readAllLines(dir.resolve("every").resolve("metrics.csv")).size());
        assertArrayEquals(Files.readAllBytes(dir.resolve("every").resolve("model.pt")),
                Files.readAllBytes(dir.resolve("windows").resolve("model.pt")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("every").resolve("checkpoint.ckpt")),
                Files.readAllBytes(dir.resolve("windows").resolve("checkpoint.ckpt")));
    }

    @Test
    void badValuesAreOneLineBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 20, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 20, 0.5, false, 2);
        for (String bad : List.of("0", "-3", "often")) {
            Result r = train(source, target, dir.resolve("run-" + bad), "--metrics-every", bad);
            assertEquals(2, r.status(), r.out());
            assertEquals("dann4j: --metrics-every must be auto or a whole number of at least 1, got " + bad,
                    r.err().lines().findFirst().orElse(""), r.err());
            assertFalse(Files.exists(dir.resolve("run-" + bad)), "nothing written for " + bad);
        }
    }
}
