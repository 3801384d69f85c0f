package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.nn.DannModel;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** Labels a model cannot be scored on are refused, confusion matrices stay bounded, batch sizes are bounded by memory. */
class LabelAndBatchBoundsTest {
    private static final Device CPU = new Device("cpu");

    private static TensorDataset data(int... labels) {
        double[][] x = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            x[i] = new double[] {i, -i};
        }
        return TensorDataset.labelled(x, labels);
    }

    @Test
    void accuracyRefusesLabelsOutOfRangeInsteadOfCountingThemWrong() {
        torch.manual_seed(0);
        try (DannModel model = DannModel.mlp(2).features(4).classifier(2).build(); TensorDataset set = data(0, 1, 5, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Evaluation.accuracy(model, set, 2, CPU, ScalarType.Float));
            assertEquals("label 5 of sample 2 is out of range for a model with 2 classes (labels 0 to 1)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(model, set, 2, CPU, ScalarType.Float));
        }
    }

    @Test
    void theConfusionMatrixCountsEverySample() {
        torch.manual_seed(0);
        try (DannModel model = DannModel.mlp(2).features(4).classifier(3).build(); TensorDataset set = data(0, 1, 2, 1, 0)) {
            ConfusionMatrix m = ConfusionMatrix.of(model, set, 2, CPU, ScalarType.Float);
            assertTrue(m.hasMatrix());
            long sum = 0;
            long diagonal = 0;
            for (int t = 0; t < 3; t++) {
                for (int p = 0; p < 3; p++) {
                    sum += m.count(t, p);
                    diagonal += t == p ? m.count(t, p) : 0;
                }
            }
            assertEquals(5, sum);
            assertEquals(m.correct(), diagonal);
            assertEquals(2, m.support(1));
            assertEquals(Evaluation.accuracy(model, set, 2, CPU, ScalarType.Float), m.accuracy(), 1e-12);
        }
    }

    @Test
    void manyClassesAreScoredWithoutAClassesSquaredMatrix() {
        torch.manual_seed(0);
        int classes = ConfusionMatrix.MAX_MATRIX_CLASSES + 1;
        try (DannModel model = DannModel.mlp(2).features(4).classifier(classes).build(); TensorDataset set = data(0, 7, 256)) {
            ConfusionMatrix m = ConfusionMatrix.of(model, set, 8, CPU, ScalarType.Float);
            assertFalse(m.hasMatrix());
            assertEquals(3, m.total());
            assertEquals(1, m.support(256));
            assertThrows(IllegalStateException.class, () -> m.count(0, 0));
        }
    }

    @Test
    void aHugeBatchIsRefusedNotAnOutOfMemoryError() {
        try (TensorDataset set = data(0, 1)) {
            assertEquals(2L * Integer.MAX_VALUE * 4, set.batchBytes(Integer.MAX_VALUE, ScalarType.Float));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> set.requireBatchFits(Integer.MAX_VALUE, ScalarType.Float, "--batch-size 2147483647"));
            assertTrue(e.getMessage().startsWith("--batch-size 2147483647 (batches of 2147483647 samples of shape [2]) would need"
                    + " 17.2 GB, over the limit"), e.getMessage());
            set.requireBatchFits(64, ScalarType.Double, "--batch-size 64");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CyclicSampler(10, true, 1).next(Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("a batch of 2147483647 sample indices would need 17.2 GB"), e.getMessage());
    }
}
