package io.github.dann4j.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** The data held once for all models (subsample, the source's halves, target labels dropped) and ModelOutputs.compute. */
class SelectionDataTest {
    /** Sample i's features are (i, 2i); its label i mod 3. */
    private static LoadedData numbered(int n, boolean labelled) {
        double[] values = new double[2 * n];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            values[2 * i] = i;
            values[2 * i + 1] = 2 * i;
            labels[i] = i % 3;
        }
        try (PointerScope scope = new PointerScope()) {
            return LoadedData.of(Tensors.fromDoubles(values, ScalarType.Float, n, 2), labelled ? Tensors.fromLongs(labels) : null,
                    "numbered");
        }
    }

    private static double[] firstColumn(Tensor x) {
        double[] all = Tensors.toDoubles(x);
        double[] out = new double[all.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[2 * i];
        }
        return out;
    }

    @Test
    void evenlySpacedSubsampleAlternatingHalvesAndNoTargetLabels() {
        try (LoadedData target = numbered(10, true); LoadedData source = numbered(9, true);
                SelectionData data = SelectionData.of(target, source, 4);
                PointerScope scope = new PointerScope()) {
            assertArrayEquals(new int[] {0, 2, 5, 7}, data.targetIndices(), "floor(i * 10 / 4)");
            assertArrayEquals(new double[] {0, 2, 5, 7}, firstColumn(data.target()));
            // Source kept: floor(i * 9 / 4) = 0, 2, 4, 6; train = positions 0, 2; validation = positions 1, 3.
            assertArrayEquals(new double[] {0, 4}, firstColumn(data.sourceTrain()));
            assertArrayEquals(new double[] {2, 6}, firstColumn(data.sourceValidation()));
            assertArrayEquals(new int[] {2, 0}, data.sourceValidationLabels());
            assertTrue(data.hasSource());
        }
        try (LoadedData target = numbered(3, false); LoadedData unlabelled = numbered(4, false)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SelectionData.of(target, unlabelled, 10));
            assertTrue(e.getMessage().contains("must be labelled"), e.getMessage());
        }
    }

    @Test
    void computeRunsTheModelOnceOverEachSet() {
        torch.manual_seed(3);
        try (TrainedModel model = TrainedModel.of(DannModel.mlp(2).features(5).classifier(3).discriminator(1).build(),
                Preprocessor.none());
                LoadedData target = numbered(12, true); LoadedData source = numbered(8, true);
                SelectionData data = SelectionData.of(target, source, 100)) {
            ModelOutputs outputs = ModelOutputs.compute(model, data, 5);
            assertEquals(12, outputs.targetLogits().length);
            assertEquals(3, outputs.classes());
            assertEquals(5, outputs.featureSize());
            assertEquals(4, outputs.sourceLogits().length);
            assertEquals(4, outputs.sourceTrainFeatures().length);
            assertArrayEquals(new int[] {1, 0, 2, 1}, outputs.sourceLabels(), "samples 1, 3, 5, 7");
            // The features are the model's own, and the logits those of a direct prediction (softmax of them).
            double[][] direct = model.features(Inputs.raw(data.target()));
            for (int i = 0; i < 12; i++) {
                assertArrayEquals(direct[i], outputs.targetFeatures()[i], 0.0);
            }
            double[] p = model.predict(Inputs.raw(data.target())).probabilities(7);
            double[] logits = outputs.targetLogits()[7];
            double norm = 0;
            for (double l : logits) {
                norm += Math.exp(l);
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(p[c], Math.exp(logits[c]) / norm, 1e-6);
            }
        }
    }
}
