package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.NativeOpException;
import io.github.dann4j.cli.Main;
import io.github.dann4j.nn.DannModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceAndForwardErrorsTest {

    @Test
    void forwardWithAWrongShapeOrAClosedTensorIsAJavaException() {
        try (PointerScope scope = new PointerScope();
                DannModel mlp = DannModel.mlp(2).features(4).classifier(3).build();
                DannModel digits = DannModel.digits(3, 28, 10)) {
            // A wrong shape is refused in Java, naming what the model expects (InputShapeTest has more).
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> mlp.features(torch.randn(5, 3)));
            assertTrue(shape.getMessage().startsWith("the model expects 2 features; the input has 3"), shape.getMessage());
            IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
                    () -> digits.features(torch.randn(2, 1, 28, 28)));
            assertTrue(image.getMessage().contains("[3, 28, 28] images; the input has [1, 28, 28]"), image.getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp.classLogits(torch.randn(5, 7))).getMessage()
                    .startsWith("the classifier expects 4 features"));
            assertThrows(IllegalArgumentException.class, () -> mlp.domainOutputs(torch.randn(5, 7)));
            // What libtorch refuses still arrives as a NativeOpException naming the part and the input.
            NativeOpException dtype = assertThrows(NativeOpException.class,
                    () -> mlp.features(torch.randn(5, 2).to(org.bytedeco.pytorch.global.torch.ScalarType.Double)));
            assertTrue(dtype.getMessage().startsWith("feature extractor forward failed on input of shape [5, 2] (Double, cpu)"),
                    dtype.getMessage());
            Tensor closed = torch.randn(5, 2);
            closed.close();
            assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp.features(closed)).getMessage().contains("closed"));
            assertThrows(IllegalArgumentException.class, () -> mlp.classLogits(null));
            assertThrows(IllegalArgumentException.class, () -> mlp.domainOutputs(new Tensor()));
            assertEquals(5, mlp.features(torch.randn(5, 2)).size(0), "the model still works after the errors");
        }
    }

    /** Runs the CLI, expects a divergence, returns the step it names. */
    private static long diverge(String... args) {
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertEquals(1, status, err.toString());
        assertTrue(err.toString().matches("dann4j: training diverged at step \\d+: loss is .*\\R?"), err.toString());
        return Long.parseLong(err.toString().replaceAll("(?s).*at step (\\d+).*", "$1"));
    }

    @Test
    void aDivergingCliRunStopsNamingTheStepAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        Random random = new Random(4);
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 64; i++) {
            csv.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(',').append(i % 2).append('\n');
        }
        Path data = Files.writeString(dir.resolve("d.csv"), csv);
        Path out = dir.resolve("run");
        // A learning rate that overflows the weights after some steps; a checkpoint every 5 steps.
        String[] args = {"train", "--source", data.toString(), "--target", data.toString(), "--activation", "relu",
            "--features", "16", "--lr", "constant:100", "--optimizer", "momentum", "--steps", "500",
            "--checkpoint-every", "5", "--batch-size", "16", "--output", out.toString()};
        long failedStep = diverge(args);
        assertTrue(failedStep >= 5, "diverged at step " + failedStep + ", before the first checkpoint: adjust the test");
        assertTrue(Files.isRegularFile(out.resolve("checkpoint.ckpt")));
        // The kept checkpoint holds good weights: resuming from it replays the same run to the same failure.
        String[] resume = java.util.Arrays.copyOf(args, args.length + 2);
        resume[args.length] = "--resume";
        resume[args.length + 1] = out.resolve("checkpoint.ckpt").toString();
        assertEquals(failedStep, diverge(resume));
        assertTrue(!Files.exists(out.resolve("model.pt")), "a diverged run must not write model.pt");
    }
}
