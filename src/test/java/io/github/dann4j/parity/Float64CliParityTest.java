package io.github.dann4j.parity;

import static io.github.dann4j.parity.ReferenceFiles.withPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.Main;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.internal.Tensors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dann4j train --dtype float64} on CSV files against PyTorch (case 5 of
 * reference/README.md): from the reference's --init state_dict, 40 steps with the paper's λ and
 * learning-rate schedules, momentum 0.9 and --no-shuffle leave every parameter of the written
 * model.pt within 1e-12 relative error of PyTorch's. Nothing may round the CSV's values or the
 * initial weights to float32 on the way.
 */
class Float64CliParityTest {
    private static final int STEPS = 40;

    @Test
    void float64TrainOnCsvMatchesPyTorch(@TempDir Path dir) {
        Path out = dir.resolve("run");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int status = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "train",
                "--source", ReferenceFiles.path("csv_mlp_float64_source.csv").toString(),
                "--target", ReferenceFiles.path("csv_mlp_float64_target.csv").toString(),
                "--init", ReferenceFiles.path("csv_mlp_float64_init.pt").toString(),
                "--dtype", "float64", "--features", "6,5", "--classifier", "7,3", "--discriminator", "4,1",
                "--activation", "tanh", "--optimizer", "momentum:0.9", "--lr", "paper", "--lambda", "paper",
                "--domain-loss", "sum", "--steps", Integer.toString(STEPS), "--source-batch-size", "8",
                "--target-batch-size", "6", "--no-shuffle", "--output", out.toString());
        assertEquals(0, status, stderr.toString());

        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> expected = withPrefix(ReferenceFiles.load("csv_mlp_float64.pt"), "after_" + STEPS + ".");
            Map<String, Tensor> actual = StateDict.load(out.resolve("model.pt"));
            assertEquals(expected.keySet(), actual.keySet());
            double worstRelative = 0;
            double worstAbsolute = 0;
            String worstKey = null;
            for (String key : expected.keySet()) {
                Tensor a = actual.get(key);
                assertEquals(ScalarType.Double, a.scalar_type().intern(), key + " of model.pt");
                double relative = ReferenceFiles.relativeError(a, expected.get(key));
                if (relative >= worstRelative) {
                    worstRelative = relative;
                    worstKey = key;
                }
                worstAbsolute = Math.max(worstAbsolute, maxAbsoluteDifference(Tensors.toDoubles(a),
                        Tensors.toDoubles(expected.get(key))));
            }
            // Printed for the record of measured parity errors.
            System.out.printf("parity CLI train --dtype float64 on CSV, %d steps: parameters max relative error %.3e (%s),"
                    + " max absolute difference %.3e%n", STEPS, worstRelative, worstKey, worstAbsolute);
            assertTrue(worstRelative <= 1e-12, "after_" + STEPS + "." + worstKey + " relative error " + worstRelative);
        }
    }

    private static double maxAbsoluteDifference(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
