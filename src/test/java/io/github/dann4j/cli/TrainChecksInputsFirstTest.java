package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train reads and checks every input before its first step, the evaluation-only ones too
 * (--target-labels, --validation): a bad one fails in a second with one line and writes nothing,
 * instead of training to the end, writing every output and then exiting 1. Also: the digits
 * network's fixed layers, and what model.properties records for it; evaluate and predict name
 * the width the model expects.
 */
class TrainChecksInputsFirstTest {

    private static Path csv(Path file, int n, int width, boolean withLabels, int classes) throws Exception {
        Random random = new Random(n * 31L + width);
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < width; c++) {
            text.append(c == 0 ? "" : ",").append("x").append(c);
        }
        text.append(withLabels ? ",label\n" : "\n");
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < width; c++) {
                text.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", random.nextGaussian() + i % 2));
            }
            text.append(withLabels ? "," + (i % classes) + "\n" : "\n");
        }
        return Files.writeString(file, text);
    }

    /** n grey side×side IDX images with labels beside them (labels 0/1). */
    private static Path idx(Path dir, String name, int n, int side) throws Exception {
        Random random = new Random(n + side);
        ByteBuffer images = ByteBuffer.allocate(16 + n * side * side).putInt(0x803).putInt(n).putInt(side).putInt(side);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            labels.put((byte) (i % 2));
            for (int p = 0; p < side * side; p++) {
                images.put((byte) random.nextInt(256));
            }
        }
        Files.write(dir.resolve(name + "-labels-idx1-ubyte"), labels.array());
        return Files.write(dir.resolve(name + "-images-idx3-ubyte"), images.array());
    }

    private static Result train(Path out, String... args) {
        List<String> all = new ArrayList<>(List.of("train", "--steps", "3000", "--batch-size", "8", "--output", out.toString()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** Exit 1 with one line naming {@code mention}, and nothing trained or written. */
    private static void refusedBeforeTraining(Result result, Path out, String mention) {
        assertEquals(1, result.status(), result.out() + result.err());
        assertTrue(result.err().startsWith("dann4j: "), result.err());
        assertEquals(1, result.err().strip().split("\n").length, "more than one line: " + result.err());
        assertTrue(result.err().contains(mention), "'" + mention + "' not named in: " + result.err());
        assertFalse(result.out().contains("trained"), "it trained first: " + result.out());
        for (String name : TrainCommand.OUTPUTS) {
            assertFalse(Files.exists(out.resolve(name)), name + " was written before the error");
        }
        for (String name : new String[] {"training_curves.png", "training_curves.svg"}) {
            assertFalse(Files.exists(out.resolve(name)), name + " was written before the error");
        }
    }

    private static void usageError(Result result, String mention) {
        assertEquals(2, result.status(), result.out() + result.err());
        assertTrue(result.err().startsWith("dann4j: ") && result.err().contains(mention), result.err());
    }

    @Test
    void evaluationOnlyInputsAreCheckedBeforeTheFirstStep(@TempDir Path dir) throws Exception {
        Path source = csv(dir.resolve("source.csv"), 40, 3, true, 2);
        Path target = csv(dir.resolve("target.csv"), 40, 3, false, 2);
        Path labels = Files.writeString(dir.resolve("labels.txt"), "0\n1\n".repeat(20));
        Path out = dir.resolve("run");
        String s = source.toString();
        String t = target.toString();

        // An unlabelled CSV with --target-labels: the labels file is refused, not ignored until the end.
        refusedBeforeTraining(train(out, "--source", s, "--target", t, "--target-labels", labels.toString()), out,
                "labels file " + labels);
        // --validation that is unlabelled, has another width, or labels the model has no class for.
        refusedBeforeTraining(train(out, "--source", s, "--target", t, "--validation", t), out,
                "--validation data must be labelled");
        Path narrow = csv(dir.resolve("narrow.csv"), 10, 2, true, 2);
        refusedBeforeTraining(train(out, "--source", s, "--target", t, "--validation", narrow.toString()), out,
                "the model expects 3 features; --validation " + narrow + " has 2");
        Path threeClasses = csv(dir.resolve("three.csv"), 10, 3, true, 3);
        refusedBeforeTraining(train(out, "--source", s, "--target", t, "--validation", threeClasses.toString()), out,
                "label 2 of sample 2 is out of range for 2 classes");
        // Labels files for evaluation only, without the data they label.
        usageError(train(out, "--source", s, "--source-only", "--target-labels", labels.toString()), "--target-labels needs --target");
        usageError(train(out, "--source", s, "--target", t, "--validation-labels", labels.toString()),
                "--validation-labels needs --validation");
    }

    @Test
    void targetLabelsFilesAreCheckedBeforeTheFirstStepAndThenScored(@TempDir Path dir) throws Exception {
        Path source = idx(dir, "source", 24, 16);
        Path target = idx(dir, "target", 24, 16);
        Path other = idx(dir, "other", 10, 16);
        Path out = dir.resolve("run");
        String s = source.toString();
        String t = target.toString();
        refusedBeforeTraining(train(out, "--source", s, "--target", t, "--target-labels", dir.resolve("nowhere").toString()),
                out, "nowhere");
        refusedBeforeTraining(train(out, "--source", s, "--target", t, "--target-labels",
                dir.resolve("other-labels-idx1-ubyte").toString()), out, "other-labels-idx1-ubyte");
        refusedBeforeTraining(train(out, "--source", s, "--target", t, "--validation", idx(dir, "wide", 10, 20).toString()),
                out, "the model expects [1, 16, 16] images; --validation " + dir.resolve("wide-images-idx3-ubyte") + " has [1, 20, 20]");
        assertTrue(Files.exists(other));

        Result ok = run("train", "--source", s, "--target", t, "--target-labels", dir.resolve("target-labels-idx1-ubyte").toString(),
                "--validation", other.toString(), "--steps", "2", "--batch-size", "8", "--output", out.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().matches("(?s).*target accuracy 0\\.\\d{4} \\(24 samples from .*"), ok.out());
        assertTrue(ok.out().matches("(?s).*validation accuracy 0\\.\\d{4} \\(10 samples from .*"), ok.out());
    }

    private static Properties properties(Path file) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void theDigitsNetworkRefusesOptionsThatWouldChangeItsLayersAndRecordsItself(@TempDir Path dir) throws Exception {
        Path source = idx(dir, "source", 16, 16);
        Path target = idx(dir, "target", 16, 16);
        String s = source.toString();
        String t = target.toString();
        Path out = dir.resolve("run");
        usageError(train(out, "--source", s, "--target", t, "--architecture", "digits", "--features", "50"),
                "--architecture digits fixes the network's layers: --features does not apply");
        usageError(train(out, "--source", s, "--target", t, "--architecture", "digits", "--classifier", "64,2"),
                "--classifier takes only the number of classes (e.g. --classifier 2), not 64,2");
        usageError(train(out, "--source", s, "--target", t, "--architecture", "digits", "--activation", "tanh"),
                "--activation tanh does not apply");
        // auto picks digits for images, then refuses the same way.
        usageError(train(out, "--source", s, "--target", t, "--features", "50"),
                "--architecture auto (digits for images [1, 16, 16]) fixes the network's layers");
        assertFalse(Files.exists(out.resolve("model.pt")));

        for (String[] classifier : new String[][] {{}, {"--classifier", "2"}, {"--classifier", "100,100,2"}}) {
            Path run = Files.createTempDirectory(dir, "digits");
            List<String> args = new ArrayList<>(List.of("train", "--source", s, "--target", t, "--architecture", "digits",
                    "--steps", "2", "--batch-size", "8", "--output", run.toString()));
            args.addAll(List.of(classifier));
            Result ok = run(args.toArray(String[]::new));
            assertEquals(0, ok.status(), ok.err());
            Properties saved = properties(run.resolve("model.properties"));
            assertEquals("", saved.getProperty("feature_sizes"), "the digits network has no feature layer sizes");
            assertEquals("100,100,2", saved.getProperty("classifier_sizes"), "the label head as built");
            assertEquals("relu", saved.getProperty("activation"));
            assertEquals("100,1", saved.getProperty("discriminator_sizes"));
        }
    }

    @Test
    void anOlderDigitsDescriptionStillLoads(@TempDir Path dir) throws Exception {
        Path source = idx(dir, "source", 16, 16);
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--source", source.toString(), "--source-only", "--architecture", "digits", "--steps", "2",
                "--batch-size", "8", "--output", run.toString()).status());
        // As dann4j wrote it before: the MLP options it ignored.
        Path file = run.resolve("model.properties");
        Files.writeString(file, Files.readString(file).replace("feature_sizes=", "feature_sizes=100")
                .replace("classifier_sizes=100,100,2", "classifier_sizes=2").replace("activation=relu", "activation=tanh"));
        Result evaluate = run("evaluate", "--model", run.toString(), "--data", source.toString());
        assertEquals(0, evaluate.status(), evaluate.err());
    }

    @Test
    void evaluateAndPredictNameTheWidthTheModelExpects(@TempDir Path dir) throws Exception {
        Path source = csv(dir.resolve("source.csv"), 40, 3, true, 2);
        Path run = dir.resolve("run");
        assertEquals(0, run("train", "--source", source.toString(), "--source-only", "--steps", "2", "--features", "4",
                "--normalize", "standard", "--output", run.toString()).status());
        Path wide = csv(dir.resolve("wide.csv"), 10, 5, true, 2);
        Result evaluate = run("evaluate", "--model", run.toString(), "--data", wide.toString());
        assertEquals(1, evaluate.status());
        assertTrue(evaluate.err().startsWith("dann4j: the model expects 3 features; --data " + wide + " has 5"),
                evaluate.err());
        Result domains = run("evaluate", "--model", run.toString(), "--domain-a", source.toString(), "--domain-b", wide.toString());
        assertEquals(1, domains.status());
        assertTrue(domains.err().contains("the model expects 3 features; --domain-b " + wide + " has 5"), domains.err());
        Result predict = run("predict", "--model", run.toString(), "--data", wide.toString(), "--output",
                dir.resolve("p.csv").toString());
        assertEquals(1, predict.status());
        assertTrue(predict.err().startsWith("dann4j: the model expects 3 features; --data " + wide + " has 5"), predict.err());
        assertFalse(Files.exists(dir.resolve("p.csv")));
    }
}
