package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --task regression} on CSV files with two target columns, then evaluate and predict,
 * and the one-line refusals: non-integer labels for classification, NaN targets, --select-by,
 * a label loss of the other task.
 */
class RegressionCliTest {

    /** x0, x1, x2 (~N(shift, 1)) and, when {@code targets}, y1 = x0 + 0.5 x1 and y2 = x2 / 2. */
    static Path write(Path file, int n, double shift, boolean targets, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(targets ? "x0,x1,x2,y1,y2\n" : "x0,x1,x2\n");
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextGaussian() + shift, random.nextGaussian() + shift, random.nextGaussian() + shift};
            csv.append(String.format(Locale.ROOT, "%s,%s,%s", x[0], x[1], x[2]));
            if (targets) {
                csv.append(String.format(Locale.ROOT, ",%s,%s", x[0] + 0.5 * x[1], x[2] / 2));
            }
            csv.append('\n');
        }
        return Files.writeString(file, csv);
    }

    @Test
    void trainThenEvaluateThenPredictTwoTargets(@TempDir Path dir) throws Exception {
        Path source = write(dir.resolve("source.csv"), 200, 0, true, 1);
        Path target = write(dir.resolve("target.csv"), 150, 0.5, false, 2);
        Path test = write(dir.resolve("test.csv"), 100, 0.5, true, 3);
        Path out = dir.resolve("run");
        Result train = run("train", "--task", "regression", "--target-columns", "y1,y2", "--source", source.toString(),
                "--target", target.toString(), "--validation", test.toString(), "--features", "16", "--steps", "300",
                "--batch-size", "32", "--output", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().matches("(?s).*validation \\(100 samples from .*\\) MAE \\S+ RMSE \\S+\n  output 0: .*"),
                train.out());
        assertFalse(train.out().contains("validation accuracy"), train.out());
        String properties = Files.readString(out.resolve("model.properties"));
        assertTrue(properties.contains("task=regression") && properties.contains("classes=2"), properties);
        String run = Files.readString(out.resolve("run.properties"));
        assertTrue(run.contains("result.validation_mae=") && run.contains("result.validation_rmse="), run);

        Result evaluate = run("evaluate", "--model", out.toString(), "--data", test.toString(), "--target-columns", "y1,y2");
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.out().startsWith("MAE ") && evaluate.out().contains("(100 samples, 2 outputs)")
                && evaluate.out().contains("output 1: MAE"), evaluate.out());
        double mae = Double.parseDouble(evaluate.out().replaceAll("(?s)^MAE (\\S+) .*", "$1"));
        // The targets' spread is about 1.1 and 0.5: a model that learnt nothing is far worse than this.
        assertTrue(mae < 0.3, "validation MAE " + mae);

        Path predictions = dir.resolve("predictions.csv");
        Result predict = run("predict", "--model", out.toString(), "--data", test.toString(), "--target-columns", "y1,y2",
                "--output", predictions.toString());
        assertEquals(0, predict.status(), predict.err());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("index,y0,y1", rows.get(0));
        assertEquals(101, rows.size());
        // The predicted values give evaluate's MAE: the mean of |ŷ - y| over samples and outputs.
        List<String> truth = Files.readAllLines(test);
        double sum = 0;
        for (int i = 1; i <= 100; i++) {
            String[] p = rows.get(i).split(",");
            String[] t = truth.get(i).split(",");
            sum += Math.abs(Double.parseDouble(p[1]) - Double.parseDouble(t[3]))
                    + Math.abs(Double.parseDouble(p[2]) - Double.parseDouble(t[4]));
        }
        assertEquals(mae, sum / 200, 1e-5 * Math.max(1, mae));

        // Unlabelled target data: its three columns are all features.
        Result predictTarget = run("predict", "--model", out.toString(), "--data", target.toString(),
                "--output", dir.resolve("target-predictions.csv").toString());
        assertEquals(0, predictTarget.status(), predictTarget.err());
        assertEquals(151, Files.readAllLines(dir.resolve("target-predictions.csv")).size());

        Result report = run("report", out.toString());
        assertEquals(0, report.status(), report.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("task: regression"));
    }

    @Test
    void refusalsAreOneLine(@TempDir Path dir) throws Exception {
        Path source = write(dir.resolve("source.csv"), 60, 0, true, 1);
        Path target = write(dir.resolve("target.csv"), 40, 0.5, false, 2);
        // Classification (the default) on a continuous label column: refused, naming the value.
        Path continuous = Files.writeString(dir.resolve("continuous.csv"), "x0,label\n0.1,0.25\n0.2,1.5\n");
        Result classify = run("train", "--source", continuous.toString(), "--source-only", "--steps", "2",
                "--output", dir.resolve("a").toString());
        assertTrue(classify.status() != 0);
        assertTrue(classify.err().contains("label '0.25' is not an integer"), classify.err());
        assertEquals(1, classify.err().strip().lines().count(), classify.err());

        Path nan = Files.writeString(dir.resolve("nan.csv"), "x0,y\n0.1,0.5\n0.2,NaN\n");
        Result nanTarget = run("train", "--task", "regression", "--target-columns", "y", "--source", nan.toString(),
                "--source-only", "--steps", "2", "--output", dir.resolve("b").toString());
        assertTrue(nanTarget.status() != 0);
        assertTrue(nanTarget.err().contains("target value NaN is not finite"), nanTarget.err());
        assertEquals(1, nanTarget.err().strip().lines().count(), nanTarget.err());

        Result select = run("train", "--task", "regression", "--target-columns", "y1,y2", "--source", source.toString(),
                "--target", target.toString(), "--hold-out-source", "0.2", "--select-by", "entropy", "--steps", "2",
                "--output", dir.resolve("c").toString());
        assertEquals(2, select.status());
        assertTrue(select.err().contains("--select-by scores class predictions"), select.err());

        Result loss = run("train", "--task", "regression", "--label-loss", "cross-entropy", "--source", source.toString(),
                "--target", target.toString(), "--steps", "2", "--output", dir.resolve("d").toString());
        assertEquals(2, loss.status());
        assertTrue(loss.err().contains("--label-loss cross-entropy is for classification"), loss.err());

        Result columns = run("train", "--task", "regression", "--target-columns", "y1,nope", "--source", source.toString(),
                "--target", target.toString(), "--steps", "2", "--output", dir.resolve("e").toString());
        assertTrue(columns.status() != 0);
        assertTrue(columns.err().contains("no target column [nope]"), columns.err());
    }
}
