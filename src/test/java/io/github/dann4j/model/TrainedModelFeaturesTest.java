package io.github.dann4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** TrainedModel.features: the feature extractor's output, batch by batch, as the network computes it at once. */
class TrainedModelFeaturesTest {
    @Test
    void featuresAreTheExtractorsOutputInAnyBatchSize() {
        torch.manual_seed(4);
        double[][] rows = new double[23][3];
        Random random = new Random(5);
        for (double[] row : rows) {
            for (int j = 0; j < 3; j++) {
                row[j] = random.nextGaussian();
            }
        }
        try (TrainedModel model = TrainedModel.of(DannModel.mlp(3).features(7, 4).classifier(2).discriminator(3, 1).build(),
                Preprocessor.none())) {
            double[][] features = model.features(Inputs.features(rows), new PredictOptions(5, false));
            assertEquals(23, features.length);
            assertEquals(4, features[0].length);
            double[] direct;
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                double[] flat = new double[23 * 3];
                for (int i = 0; i < 23; i++) {
                    System.arraycopy(rows[i], 0, flat, i * 3, 3);
                }
                direct = Tensors.toDoubles(model.network().features(Tensors.fromDoubles(flat, ScalarType.Float, 23, 3)));
            }
            for (int i = 0; i < 23; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(direct[i * 4 + j], features[i][j], 1e-6, "row " + i + " feature " + j);
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.features(Inputs.features(new double[][] {{1, 2}})));
            assertTrue(e.getMessage().contains("3"), e.getMessage());
        }
    }
}
