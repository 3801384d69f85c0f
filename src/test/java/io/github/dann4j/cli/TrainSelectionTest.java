package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.HeldOutSplit;
import io.github.dann4j.data.LoadOptions;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.select.BestCheckpoint;
import io.github.dann4j.select.Direction;
import io.github.dann4j.select.SelectionData;
import io.github.dann4j.select.SelectionRecord;
import io.github.dann4j.select.Validator;
import io.github.dann4j.select.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --hold-out-source and --select-by on the two-blob CSV files, and their one-line usage errors. */
class TrainSelectionTest {

    @Test
    void selectByEntropyKeepsTheBestScoredStepInBest(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 200, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 200, 0.5, false, 2);
        Path targetTest = BlobsCsv.write(dir.resolve("target_test.csv"), 100, 0.5, true, 3);
        Path out = dir.resolve("run");
        Result train = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "8",
                "--steps", "45", "--batch-size", "16", "--lr", "constant:0.05", "--hold-out-source", "0.25",
                "--select-by", "entropy", "--select-every", "10", "--output", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("selected step ") && train.out().contains("by entropy (lower is better)"),
                train.out());
        assertTrue(train.out().matches("(?s).*source validation accuracy \\(held-out source, 50 samples.*"), train.out());

        Path best = out.resolve("best");
        SelectionRecord record = SelectionRecord.read(best.resolve(BestCheckpoint.FILE_NAME));
        assertEquals("entropy", record.validator());
        assertEquals(Direction.LOWER_IS_BETTER, record.direction());
        assertEquals(List.of(10L, 20L, 30L, 40L, 45L), new ArrayList<>(record.scores().keySet()), "scored steps");
        assertTrue(record.scores().containsKey(record.bestStep()));
        assertEquals(record.scores().get(record.bestStep()), record.bestScore());
        for (double score : record.scores().values()) {
            assertTrue(record.bestScore() <= score, record.bestScore() + " is not the lowest of " + record.scores());
        }
        assertTrue(train.out().contains("selected step " + record.bestStep() + " "), train.out());
        assertTrue(Files.readString(out.resolve("run.properties")).contains("result.selected_step="));
        for (String leftover : List.of(".best.candidate", ".best.previous")) {
            assertFalse(Files.exists(out.resolve(leftover)), leftover + " left behind");
        }

        Result evaluate = run("evaluate", "--model", best.toString(), "--data", targetTest.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.out().startsWith("accuracy 0.") || evaluate.out().startsWith("accuracy 1."), evaluate.out());

        // A fresh score of best/ through the public API, on the same data: the recorded score.
        Validator entropy = Validators.named(record.validator());
        try (TrainedModel model = TrainedModel.load(best);
                LoadedData targetData = DataLoaders.load(target, LoadOptions.DEFAULTS);
                SelectionData data = SelectionData.of(targetData, null, record.maxSamples())) {
            assertEquals(record.bestScore(), BestCheckpoint.score(entropy, model, data, record.batchSize()), 1e-9);
        }

        HeldOutSplit split = HeldOutSplit.read(out.resolve(HeldOutSplit.FILE_NAME));
        assertEquals(200, split.size());
        assertEquals(50, split.heldOutIndices().length);
        assertEquals(HeldOutSplit.fraction(200, 0.25, 1), split, "not the split --seed 1 gives");
    }

    @Test
    void selectByReverseValidationScoresWithoutChangingTheTraining(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 200, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 200, 0.5, false, 2);
        List<String> common = List.of("train", "--source", source.toString(), "--target", target.toString(), "--features",
                "8", "--steps", "40", "--batch-size", "16", "--lr", "constant:0.05", "--lambda", "constant:0.2",
                "--hold-out-source", "0.25", "--seed", "3");
        Path plain = dir.resolve("plain");
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of("--output", plain.toString()));
        assertEquals(0, run(args.toArray(String[]::new)).status());
        Path scored = dir.resolve("scored");
        args = new ArrayList<>(common);
        args.addAll(List.of("--select-by", "reverse-dann", "--select-every", "20", "--output", scored.toString()));
        Result train = run(args.toArray(String[]::new));
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("by reverse-dann (higher is better)"), train.out());
        SelectionRecord record = SelectionRecord.read(scored.resolve("best").resolve(BestCheckpoint.FILE_NAME));
        assertEquals(List.of(20L, 40L), new ArrayList<>(record.scores().keySet()));
        for (double score : record.scores().values()) {
            assertTrue(score >= 0 && score <= 1, "a reverse accuracy: " + score);
        }
        // Two reverse trainings in the middle of the run left its weights exactly as without them.
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(plain.resolve("model.pt")),
                Files.readAllBytes(scored.resolve("model.pt"))), "scoring changed the training");
    }

    @Test
    void heldOutSamplesAreNotTrainedOn(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 200, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 200, 0.5, false, 2);
        // One epoch of batches of 10: 20 steps over all 200 samples, 15 over the 150 not held out.
        for (String[] c : new String[][] {{"0.25", "15"}, {"60", "14"}}) {
            Path out = dir.resolve("run" + c[0]);
            Result train = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "4",
                    "--epochs", "1", "--batch-size", "10", "--hold-out-source", c[0], "--select-by", "source-accuracy",
                    "--select-every", "5", "--output", out.toString());
            assertEquals(0, train.status(), train.err());
            assertTrue(train.out().contains("trained " + c[1] + " steps"), train.out());
            SelectionRecord record = SelectionRecord.read(out.resolve("best").resolve(BestCheckpoint.FILE_NAME));
            assertTrue(record.source() != null && record.source().contains("held out"), record.source());
        }
    }

    @Test
    void badSelectionOptionsAreOneLineUsageErrorsBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 40, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 40, 0.5, false, 2);
        Path out = dir.resolve("run");
        String[][] cases = {
            {"unknown validator 'accuracy'", "--select-by", "accuracy"},
            {"--select-every needs --select-by", "--select-every", "10"},
            {"--select-by dev needs labelled source data", "--select-by", "dev"},
            {"--select-by source-accuracy needs labelled source data", "--select-by", "source-accuracy"},
            {"--select-every must be at least 1", "--select-by", "entropy", "--select-every", "0"},
            {"--hold-out-source must be a fraction", "--hold-out-source", "1.5"},
            {"--hold-out-source must be a fraction", "--hold-out-source", "some"},
            {"--select-by does not continue an earlier run's selection", "--select-by", "entropy", "--resume",
                "earlier.ckpt"},
            {"--select-max-samples needs --select-by", "--select-max-samples", "100"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("train", "--source", source.toString(), "--target",
                    target.toString(), "--steps", "5", "--output", out.toString()));
            args.addAll(List.of(c).subList(1, c.length));
            Result result = run(args.toArray(String[]::new));
            assertEquals(2, result.status(), String.join(" ", c) + ": " + result.err());
            String first = result.err().strip().split("\n")[0];
            assertTrue(first.startsWith("dann4j: ") && first.contains(c[0]), c[0] + " not in: " + result.err());
            assertFalse(Files.exists(out), "work was done before the error: " + String.join(" ", c));
        }
        // A count the data cannot spare is refused once the source size is known, before the first step.
        Result tooMany = run("train", "--source", source.toString(), "--target", target.toString(), "--steps", "5",
                "--hold-out-source", "40", "--output", out.toString());
        assertEquals(1, tooMany.status());
        assertTrue(tooMany.err().startsWith("dann4j: holding out 40 of 40 samples"), tooMany.err());
        assertFalse(tooMany.out().contains("trained"));
    }
}
