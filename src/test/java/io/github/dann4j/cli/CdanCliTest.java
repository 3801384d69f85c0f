package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --method cdan|cdan-e} and {@code --domain-map}: the refusals are one line (exit 2),
 * the model folder records the map and every command that reads a model folder works on it
 * (evaluate, predict, export, report, select with a reverse validation), and a checkpoint does not
 * resume under another method.
 */
class CdanCliTest {

    private static List<String> train(Path source, Path target, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--source", source.toString(), "--target", target.toString(),
                "--features", "6", "--steps", "6", "--batch-size", "8", "--checkpoint-every", "3", "--output",
                output.toString()));
        args.addAll(Arrays.asList(more));
        return args;
    }

    private static Result run(List<String> args) {
        return MainTest.run(args.toArray(String[]::new));
    }

    private static void assertUsage(Result result, String firstLine) {
        assertEquals(2, result.status(), result.err());
        List<String> lines = result.err().lines().filter(l -> !l.startsWith("Try 'dann4j train --help'")).toList();
        assertEquals(List.of("dann4j: " + firstLine), lines);
    }

    private static Properties read(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void badMethodOptionsAreOneLineBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("s.csv"), 24, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("t.csv"), 24, 1, false, 2);
        Path out = dir.resolve("out");
        assertUsage(run(train(source, target, out, "--method", "adda")),
                "--method: the method must be dann, cdan or cdan-e, got 'adda'");
        assertUsage(run(train(source, target, out, "--domain-map", "multilinear")),
                "--domain-map applies to --method cdan and cdan-e; dann's domain classifier sees the features");
        assertUsage(run(train(source, target, out, "--method", "cdan", "--domain-map", "none")),
                "--domain-map: --method cdan needs a map of features and class prediction (auto, multilinear or"
                        + " randomized[:D]), not none");
        assertUsage(run(train(source, target, out, "--method", "cdan-e", "--domain-map", "randomized:0")),
                "--domain-map: the randomized map's width must be positive, got 0");
        assertUsage(run(train(source, target, out, "--method", "cdan", "--domain-map", "randomized:wide")),
                "--domain-map: the randomized map's width must be a whole number, got 'wide'");
        assertUsage(run(train(source, target, out, "--method", "cdan", "--domain-map", "bilinear")),
                "--domain-map: the domain map must be auto, multilinear, randomized or randomized:<width>, got 'bilinear'");
        assertUsage(MainTest.run("train", "--source", source.toString(), "--source-only", "--method", "cdan", "--output",
                out.toString()), "--source-only trains no domain classifier; it does not combine with --method cdan");
        assertFalse(Files.exists(out.resolve("model.pt")));
    }

    @Test
    void aCdanModelFolderWorksWithEveryCommandThatReadsOne(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("s.csv"), 40, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("t.csv"), 40, 0.8, true, 2);
        Path multilinear = dir.resolve("cdan");
        Result trained = run(train(source, target, multilinear, "--method", "cdan"));
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("domain accuracy"), trained.out());
        assertEquals("multilinear", read(multilinear.resolve("model.properties")).getProperty("domain_map"));
        assertEquals("cdan", read(multilinear.resolve("run.properties")).getProperty("setting.method"));
        Path randomized = dir.resolve("cdan-e");
        assertEquals(0, run(train(source, target, randomized, "--method", "cdan-e", "--domain-map", "randomized:5")).status());
        assertEquals("randomized:5", read(randomized.resolve("model.properties")).getProperty("domain_map"));

        for (Path model : List.of(multilinear, randomized)) {
            Result evaluate = MainTest.run("evaluate", "--model", model.toString(), "--data", target.toString(),
                    "--domain-a", source.toString(), "--domain-b", target.toString());
            assertEquals(0, evaluate.status(), evaluate.err());
            Path csv = dir.resolve(model.getFileName() + ".csv");
            Result predict = MainTest.run("predict", "--model", model.toString(), "--data", target.toString(), "--output",
                    csv.toString(), "--with-domain");
            assertEquals(0, predict.status(), predict.err());
            assertEquals(41, Files.readAllLines(csv).size());
            Path onnx = dir.resolve(model.getFileName() + ".onnx");
            Result export = MainTest.run("export", "--model", model.toString(), "--output", onnx.toString(),
                    "--with-domain-output");
            assertEquals(0, export.status(), export.err());
            assertTrue(Files.size(onnx) > 0);
            Result report = MainTest.run("report", model.toString());
            assertEquals(0, report.status(), report.err());
        }
        // reverse-dann retrains each run's network with its own method (and map); reverse-source-only without one.
        Result select = MainTest.run("select", "--runs", multilinear.toString(), randomized.toString(), "--target",
                target.toString(), "--source", source.toString(), "--validator", "reverse-dann,reverse-source-only,entropy",
                "--reverse-steps", "5");
        assertEquals(0, select.status(), select.err());
        assertTrue(select.out().contains("reverse-dann"), select.out());

        // --select-by during a CDAN+E run: the reverse model is a CDAN+E on the candidate's map.
        Path selected = dir.resolve("selected");
        Result keep = run(train(source, target, selected, "--method", "cdan-e", "--domain-map", "randomized:5",
                "--hold-out-source", "0.25", "--select-by", "reverse-dann", "--select-every", "3"));
        assertEquals(0, keep.status(), keep.err());
        assertEquals("randomized:5", read(selected.resolve("best").resolve("model.properties")).getProperty("domain_map"));
        assertEquals("cdan-e", read(selected.resolve("run.properties")).getProperty("setting.method"));
        assertTrue(Files.readString(selected.resolve("metrics.csv")).contains("CDAN+E"));
    }

    @Test
    void aCheckpointResumesOnlyUnderItsOwnMethod(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("s.csv"), 24, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("t.csv"), 24, 1, false, 2);
        Path first = dir.resolve("first");
        assertEquals(0, run(train(source, target, first, "--method", "cdan", "--domain-map", "randomized:4")).status());
        Path checkpoint = first.resolve("checkpoint.ckpt");
        Result same = run(train(source, target, dir.resolve("same"), "--method", "cdan", "--domain-map", "randomized:4",
                "--resume", checkpoint.toString()));
        assertEquals(0, same.status(), same.err());
        Result other = run(train(source, target, dir.resolve("other"), "--method", "cdan-e", "--domain-map", "randomized:4",
                "--resume", checkpoint.toString()));
        assertEquals(1, other.status(), other.out());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        assertTrue(other.err().contains("method=cdan-e") && other.err().contains("method=cdan"), other.err());
        Result dann = run(train(source, target, dir.resolve("dann"), "--resume", checkpoint.toString()));
        assertEquals(1, dann.status(), dann.out());
        assertEquals(1, dann.err().strip().lines().count(), dann.err());
    }
}
