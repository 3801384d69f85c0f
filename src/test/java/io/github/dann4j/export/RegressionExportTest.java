package io.github.dann4j.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.model.Prediction;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * A regression model exports its raw outputs as {@code values} (no softmax, no class outputs),
 * and ONNX Runtime computes what dann4j's predict does, within 1e-5 absolute.
 */
class RegressionExportTest {
    @Test
    void exportedValuesAreThePredictedValues() throws Exception {
        torch.manual_seed(21);
        DannModel network = DannModel.mlp(5).features(16, 8).classifier(3).task(Task.REGRESSION).build();
        try (TrainedModel model = TrainedModel.of(network, Preprocessor.none())) {
            ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
            assertEquals(List.of(OnnxExport.VALUES, OnnxExport.TARGET_PROBABILITY), exported.outputs());
            Random random = new Random(2);
            int n = 7;
            float[] flat = new float[n * 5];
            float[][] rows = new float[n][5];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 5; j++) {
                    rows[i][j] = (float) (3 * random.nextGaussian());
                    flat[i * 5 + j] = rows[i][j];
                }
            }
            Prediction expected = model.predict(rows);
            try (Ort ort = new Ort(exported.bytes())) {
                Map<String, double[]> out = ort.run(flat, n, 5);
                assertEquals(List.of(OnnxExport.VALUES, OnnxExport.TARGET_PROBABILITY), List.copyOf(out.keySet()));
                double worst = 0;
                for (int i = 0; i < n; i++) {
                    double[] v = expected.values(i);
                    for (int j = 0; j < 3; j++) {
                        worst = Math.max(worst, Math.abs(out.get(OnnxExport.VALUES)[i * 3 + j] - v[j]));
                    }
                }
                System.out.printf(java.util.Locale.ROOT, "onnx regression max |difference| %.3g%n", worst);
                assertTrue(worst <= 1e-5, "values differ by " + worst);
                // Raw values: some are negative or above 1, which no softmax output is.
                boolean outsideUnit = false;
                for (double v : out.get(OnnxExport.VALUES)) {
                    outsideUnit |= v < 0 || v > 1;
                }
                assertTrue(outsideUnit);
            }
        }
    }
}
