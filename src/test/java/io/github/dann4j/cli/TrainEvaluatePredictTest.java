package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train -> evaluate -> predict on small CSV files the test writes, and the one-line errors. */
class TrainEvaluatePredictTest {


    @Test
    void trainThenEvaluateThenPredict(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 200, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 200, 0.5, false, 2);
        Path targetTest = BlobsCsv.write(dir.resolve("target_test.csv"), 100, 0.5, true, 3);
        Path out = dir.resolve("run");
        Result train = run("train", "--source", source.toString(), "--target", target.toString(),
                "--validation", targetTest.toString(), "--features", "16", "--steps", "300", "--batch-size", "32",
                "--lr", "constant:0.05", "--normalize", "standard", "--output", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("trained 300 steps"), train.out());
        assertTrue(train.out().matches("(?s).*validation accuracy 0\\.\\d{4} \\(100 samples.*"), train.out());
        for (String name : List.of("model.pt", "model.properties", "checkpoint.ckpt", "metrics.csv", "training_curves.png")) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name + " missing");
        }
        assertTrue(ImageIO.read(out.resolve("training_curves.png").toFile()).getWidth() > 500);
        assertEquals(301, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.readString(out.resolve("model.properties")).contains("normalization.mean"));

        Result evaluate = run("evaluate", "--model", out.toString(), "--data", targetTest.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.out().contains("accuracy 0.") && evaluate.out().contains("confusion matrix"), evaluate.out());
        double accuracy = Double.parseDouble(evaluate.out().replaceAll("(?s)^accuracy (\\S+).*", "$1"));
        assertTrue(accuracy > 0.8, "target accuracy " + accuracy);

        Result domains = run("evaluate", "--model", out.toString(), "--domain-a", source.toString(), "--domain-b", target.toString());
        assertEquals(0, domains.status(), domains.err());
        assertTrue(domains.out().contains("proxy A-distance"), domains.out());

        Path predictions = dir.resolve("predictions.csv");
        Result predict = run("predict", "--model", out.toString(), "--data", target.toString(), "--output", predictions.toString());
        assertEquals(0, predict.status(), predict.err());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("index,class,p0,p1", rows.get(0));
        assertEquals(201, rows.size());
        String[] first = rows.get(1).split(",");
        assertEquals(1.0, Double.parseDouble(first[2]) + Double.parseDouble(first[3]), 1e-4);

        // The same through the library, and the domain column: what TrainedModel says, row for row.
        Path withDomain = dir.resolve("with-domain.csv");
        assertEquals(0, run("predict", "--model", out.toString(), "--data", target.toString(), "--with-domain",
                "--output", withDomain.toString()).status());
        List<String> domainRows = Files.readAllLines(withDomain);
        assertEquals("index,class,p0,p1,target_probability", domainRows.get(0));
        try (io.github.dann4j.model.TrainedModel model = io.github.dann4j.model.TrainedModel.load(out);
                io.github.dann4j.data.LoadedData data = io.github.dann4j.data.DataLoaders.load(target,
                        io.github.dann4j.data.LoadOptions.DEFAULTS)) {
            io.github.dann4j.model.Prediction p = model.predict(io.github.dann4j.model.Inputs.raw(data.features()),
                    io.github.dann4j.model.PredictOptions.DEFAULTS.withDomain());
            for (int i = 0; i < p.size(); i++) {
                String[] row = domainRows.get(i + 1).split(",");
                assertEquals(p.classOf(i), Integer.parseInt(row[1]));
                assertEquals(rows.get(i + 1), String.join(",", java.util.Arrays.copyOf(row, 4)));
                assertEquals(p.targetProbability(i), Double.parseDouble(row[4]), 1e-5);
            }
        }

        // Resuming the finished run's checkpoint with more steps is a different configuration: refused.
        Result resume = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "16",
                "--steps", "400", "--resume", out.resolve("checkpoint.ckpt").toString(), "--output", dir.resolve("run2").toString());
        assertEquals(1, resume.status());
        assertTrue(resume.err().startsWith("dann4j: checkpoint") && resume.err().contains("steps=300"), resume.err());
    }

    /** Each domain centred by its own statistics: the saved model keeps the target's, for later target data. */
    @Test
    void perDomainNormalisationSavesTheTargetsStatistics(@TempDir Path dir) throws Exception {
        double shift = 2.0;
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 200, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 200, shift, false, 2);
        Path out = dir.resolve("run");
        Result train = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "8",
                "--steps", "20", "--normalize", "mean", "--normalize-on", "each", "--output", out.toString());
        assertEquals(0, train.status(), train.err());
        java.util.Properties saved = new java.util.Properties();
        try (var in = Files.newBufferedReader(out.resolve("model.properties"))) {
            saved.load(in);
        }
        assertEquals("each", saved.getProperty("preprocess.normalize_on"));
        double[] mean = java.util.Arrays.stream(saved.getProperty("normalization.mean").split(",")).mapToDouble(Double::parseDouble).toArray();
        // The target's columns a and c are centred on the shift (labels balanced), b on 0; the source's all on 0.
        assertEquals(shift, mean[0], 0.15);
        assertEquals(0.0, mean[1], 0.15);
        assertEquals(shift, mean[2], 0.15);

        Result pooled = run("train", "--source", source.toString(), "--target", target.toString(), "--features", "8",
                "--steps", "20", "--normalize", "mean", "--normalize-on", "pooled", "--output", dir.resolve("pooled").toString());
        assertEquals(0, pooled.status(), pooled.err());
        assertTrue(Files.readString(dir.resolve("pooled/model.properties")).contains("preprocess.normalize_on=pooled"));

        assertOneLineError(run("train", "--source", source.toString(), "--source-only", "--normalize", "mean",
                "--normalize-on", "each", "--output", dir.resolve("x").toString()), "give --target");
        assertOneLineError(run("train", "--source", source.toString(), "--target", target.toString(),
                "--normalize-on", "pooled", "--output", dir.resolve("x").toString()), "needs --normalize mean or standard");
        assertOneLineError(run("train", "--source", source.toString(), "--target", target.toString(), "--normalize", "mean",
                "--normalize-on", "target", "--output", dir.resolve("x").toString()), "--normalize-on must be");
    }

    @Test
    void badInputsGiveOneLineErrors(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 20, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 20, 0.5, false, 2);
        Path out = dir.resolve("run");
        assertOneLineError(run("train", "--source", dir.resolve("missing.csv").toString(), "--target", target.toString(),
                "--output", out.toString()), "missing.csv");
        Path unknown = Files.writeString(dir.resolve("data.xyz"), "hello");
        assertOneLineError(run("train", "--source", unknown.toString(), "--target", target.toString(), "--output", out.toString()),
                "data.xyz");
        Path nan = Files.writeString(dir.resolve("nan.csv"), "a,b,c,label\n1,2,NaN,0\n1,2,3,1\n");
        assertOneLineError(run("train", "--source", nan.toString(), "--target", target.toString(), "--output", out.toString()),
                "nan.csv");
        Path wide = Files.writeString(dir.resolve("wide.csv"), "a,b\n1,2\n3,4\n");
        assertOneLineError(run("train", "--source", source.toString(), "--target", wide.toString(), "--output", out.toString()),
                "[3]");
        if (!org.bytedeco.pytorch.global.torch.cuda_is_available()) {
            assertOneLineError(run("train", "--source", source.toString(), "--target", target.toString(),
                    "--output", out.toString(), "--device", "cuda"), "CUDA is not available");
        }
        Path threeClasses = Files.writeString(dir.resolve("three.csv"), "a,b,c,label\n1,2,3,0\n1,2,3,2\n");
        assertOneLineError(run("train", "--source", threeClasses.toString(), "--target", target.toString(), "--classifier", "2",
                "--output", out.toString()), "classes");
        Result missingTarget = run("train", "--source", source.toString(), "--output", out.toString());
        assertEquals(2, missingTarget.status());
        assertTrue(missingTarget.err().contains("--target is required"), missingTarget.err());
        Result overwrite = run("predict", "--model", out.toString(), "--data", source.toString(), "--output", source.toString());
        assertEquals(1, overwrite.status());
        assertTrue(Files.readString(source).startsWith("a,b,c,label"), "the input must be untouched");
    }

    private static void assertOneLineError(Result result, String mention) {
        assertEquals(1, result.status(), result.out() + result.err());
        assertTrue(result.err().startsWith("dann4j: "), result.err());
        assertEquals(1, result.err().strip().split("\n").length, "more than one line: " + result.err());
        assertTrue(result.err().contains(mention), "'" + mention + "' not named in: " + result.err());
    }
}
