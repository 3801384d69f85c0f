package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import io.github.dann4j.select.Direction;
import io.github.dann4j.select.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dann4j select on three small CLI-trained models: the table, the CSV, each validator's choice, target labels, errors. */
class SelectCliTest {
    @TempDir
    static Path dir;
    static Path source;
    static Path heldOut;
    static Path target;
    static Path labelledTarget;
    static List<Path> runs = new ArrayList<>();

    @BeforeAll
    static void train() throws Exception {
        source = BlobsCsv.write(dir.resolve("source.csv"), 200, 0, true, 1);
        heldOut = BlobsCsv.write(dir.resolve("held_out.csv"), 80, 0, true, 2);
        target = BlobsCsv.write(dir.resolve("target.csv"), 120, 1.6, false, 3);
        labelledTarget = BlobsCsv.write(dir.resolve("target_labelled.csv"), 120, 1.6, true, 3); // the same samples, with labels
        String[][] settings = {{"--steps", "80", "--lambda", "constant:0.3"}, {"--steps", "40", "--lambda", "paper"},
            {"--steps", "60", "--source-only"}};
        for (int i = 0; i < settings.length; i++) {
            Path out = dir.resolve("run" + i);
            List<String> args = new ArrayList<>(List.of("train", "--source", source.toString(), "--target", target.toString(),
                    "--features", "8", "--batch-size", "32", "--lr", "constant:0.05", "--seed", "" + (i + 1), "--output",
                    out.toString()));
            args.addAll(Arrays.asList(settings[i]));
            Result r = run(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
            runs.add(out);
        }
    }

    private static List<String> select(String... more) {
        List<String> args = new ArrayList<>(List.of("select", "--reverse-steps", "200", "--runs"));
        runs.forEach(r -> args.add(r.toString()));
        args.addAll(Arrays.asList(more));
        return args;
    }

    @Test
    void tableCsvAndTheChoiceOfEveryValidator() throws Exception {
        Path csv = dir.resolve("scores.csv");
        Result r = run(select("--target", target.toString(), "--source", heldOut.toString(), "--output", csv.toString())
                .toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("scored 3 runs on 120 target samples and 40 held-out source samples"), r.out());
        for (Path run : runs) {
            assertTrue(r.out().contains(run.toString()), r.out());
        }
        assertTrue(r.out().contains("source-only") && r.out().contains("constant:0.3"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("run,steps,lambda,lr,source_only,seed,source_accuracy,entropy,im,bnm,snd,dev,pad,reverse_source_only,reverse_dann,chosen_by", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).startsWith(runs.get(0) + ",80,constant:0.3,constant:0.05,false,1,"), lines.get(1));
        assertTrue(lines.get(3).startsWith(runs.get(2) + ",60,"), lines.get(3));
        // Each validator chooses the run its direction prefers, in the CSV and the printed table alike.
        List<String> names = Validators.names();
        for (int v = 0; v < names.size(); v++) {
            Direction direction = Validators.named(names.get(v)).direction();
            int best = -1;
            double bestScore = 0;
            for (int i = 1; i < lines.size(); i++) {
                double score = Double.parseDouble(lines.get(i).split(",")[6 + v]);
                if (best < 0 || direction.oriented(score) > direction.oriented(bestScore)) {
                    best = i;
                    bestScore = score;
                }
            }
            String chosenBy = lines.get(best).substring(lines.get(best).lastIndexOf(',') + 1);
            assertTrue(List.of(chosenBy.split(" ")).contains(names.get(v)), names.get(v) + " in " + lines);
            assertTrue(r.out().matches("(?s).*\\n" + names.get(v) + " +" + direction.word() + " +"
                    + java.util.regex.Pattern.quote(runs.get(best - 1).toString()) + "\\n.*"), r.out());
        }
    }

    @Test
    void targetLabelsAreReadOnlyForTheComparisonColumns() throws Exception {
        Path plain = dir.resolve("plain.csv");
        Path labelled = dir.resolve("labelled.csv");
        // A target whose file has a label column scores exactly as the same samples without one.
        assertEquals(0, run(select("--target", target.toString(), "--validator", "entropy,im,bnm,snd", "--output",
                plain.toString()).toArray(String[]::new)).status());
        assertEquals(0, run(select("--target", labelledTarget.toString(), "--validator", "entropy,im,bnm,snd", "--output",
                labelled.toString()).toArray(String[]::new)).status());
        assertEquals(Files.readAllLines(plain), Files.readAllLines(labelled));
        assertFalse(Files.readString(plain).contains("accuracy"));

        Path compared = dir.resolve("compared.csv");
        Path scatter = dir.resolve("figures/selection.png");
        Result r = run(select("--target", labelledTarget.toString(), "--target-labels", labelledTarget.toString(),
                "--source", heldOut.toString(), "--output", compared.toString(), "--plot", scatter.toString())
                .toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        // One 420 x 320 panel per validator (9 with --source), three to a row.
        io.github.dann4j.plot.Figures.png(scatter, 3 * 420, 3 * 320);
        assertTrue(r.out().contains("target-accuracy") && r.out().matches("(?s).*\\nsnd +higher +\\S+ +accuracy [01]\\.\\d{4}"
                + " \\(best [01]\\.\\d{4}\\) +rho (n/a|[+-]\\d\\.\\d{3}).*"), r.out());
        List<String> lines = Files.readAllLines(compared);
        assertTrue(lines.get(0).endsWith(",pad,reverse_source_only,reverse_dann,target_accuracy,chosen_by"), lines.get(0));
        for (int i = 0; i < runs.size(); i++) {
            // The accuracy column is evaluate's accuracy on the same labelled target.
            Result evaluate = run("evaluate", "--model", runs.get(i).toString(), "--data", labelledTarget.toString());
            double expected = Double.parseDouble(evaluate.out().replaceAll("(?s)^accuracy (\\S+).*", "$1"));
            String[] fields = lines.get(i + 1).split(",", -1); // -1: keep an empty chosen_by
            assertEquals(expected, Double.parseDouble(fields[fields.length - 2]), 1e-4, lines.get(i + 1));
        }
    }

    @Test
    void withoutSourceAllLeavesOutTheValidatorsThatNeedIt() {
        Result r = run(select("--target", target.toString()).toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("without --source, leaving out source-accuracy, dev, pad, reverse-source-only, reverse-dann"), r.err());
        assertTrue(r.out().contains("snd") && !r.out().contains(" dev "), r.out());
    }

    @Test
    void badInputIsOneLineBeforeWork() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("not-a-run"));
        Result noModel = run("select", "--runs", runs.get(0).toString(), empty.toString(), "--target", target.toString());
        assertEquals(1, noModel.status());
        assertEquals("dann4j: --runs " + empty + ": not a model folder (no model.pt or model.properties; train writes them)",
                noModel.err().strip());

        Result unknown = run(select("--target", target.toString(), "--validator", "accuracy").toArray(String[]::new));
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("dann4j: --validator: unknown validator 'accuracy'; the validators are"),
                unknown.err());

        Result dev = run(select("--target", target.toString(), "--validator", "dev").toArray(String[]::new));
        assertEquals(2, dev.status());
        assertTrue(dev.err().startsWith("dann4j: dev needs labelled source data: give --source"), dev.err());

        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "a,b\n0.1,0.2\n0.3,0.4\n");
        Result shape = run(select("--target", narrow.toString()).toArray(String[]::new));
        assertEquals(1, shape.status());
        assertTrue(shape.err().startsWith("dann4j: ") && shape.err().contains("expects 3 features")
                && shape.err().strip().lines().count() == 1, shape.err());

        Result overwrite = run(select("--target", target.toString(), "--output", target.toString()).toArray(String[]::new));
        assertEquals(1, overwrite.status());
        assertTrue(overwrite.err().contains("would overwrite the input"), overwrite.err());

        Result unlabelledSource = run(select("--target", target.toString(), "--source", target.toString())
                .toArray(String[]::new));
        assertEquals(1, unlabelledSource.status());
        assertTrue(unlabelledSource.err().contains("must be labelled"), unlabelledSource.err());

        Result plotWithoutLabels = run(select("--target", target.toString(), "--plot", dir.resolve("s.png").toString())
                .toArray(String[]::new));
        assertEquals(2, plotWithoutLabels.status());
        assertTrue(plotWithoutLabels.err().contains("--plot draws scores against the true target accuracy: it needs"
                + " --target-labels"), plotWithoutLabels.err());
        Result plotExtension = run(select("--target", labelledTarget.toString(), "--target-labels", labelledTarget.toString(),
                "--plot", dir.resolve("s.jpg").toString()).toArray(String[]::new));
        assertEquals(2, plotExtension.status());
        assertTrue(plotExtension.err().startsWith("dann4j: --plot: a figure is written as .png or .svg"), plotExtension.err());
        assertFalse(Files.exists(dir.resolve("s.png")) || Files.exists(dir.resolve("s.jpg")));

        Result steps = run("select", "--runs", runs.get(0).toString(), "--target", target.toString(), "--reverse-steps", "0");
        assertEquals(2, steps.status());
        assertEquals("dann4j: --reverse-steps must be positive, got 0", steps.err().lines().findFirst().orElse(""));
        Result schedules = run(select("--target", target.toString(), "--reverse-schedules", "forward").toArray(String[]::new));
        assertEquals(2, schedules.status());
        assertEquals("dann4j: --reverse-schedules must be run or paper, got 'forward'",
                schedules.err().lines().findFirst().orElse(""));

        Result help = run("select", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--runs") && help.out().contains("--target-labels"), help.out());
    }
}
