package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainConditioning;
import io.github.dann4j.nn.Task;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * The regression task in the library: datasets of floating targets, the checks before training,
 * MSE and L1 as PyTorch defines them, CDAN refused, and Evaluation.regression against the model's
 * own outputs.
 */
class RegressionTest {
    private static double[][] rows(int n, int width, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[n][width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return rows;
    }

    private static DannModel regressionMlp(long outputs) {
        torch.manual_seed(3);
        return DannModel.mlp(3).features(8).classifier(outputs).task(Task.REGRESSION).build();
    }

    private static TrainingConfig mse() {
        return TrainingConfig.builder().steps(5).batchSizes(4, 4).labelLoss(LabelLoss.MSE).build();
    }

    @Test
    void datasetsTakeFloatingTargetsOnly() {
        try (PointerScope scope = new PointerScope()) {
            try (TensorDataset set = TensorDataset.regression(torch.randn(5, 3), torch.randn(5))) {
                assertTrue(set.isRegression());
                assertEquals(1, set.targetWidth()); // [N] is read as [N, 1]
                assertEquals(ScalarType.Double, set.labelBatch(new long[] {0, 2}, new Device("cpu"), ScalarType.Double)
                        .scalar_type().intern());
            }
            IllegalArgumentException integers = assertThrows(IllegalArgumentException.class,
                    () -> TensorDataset.regression(torch.randn(5, 3), torch.ones(5, 2).to(ScalarType.Long)));
            assertTrue(integers.getMessage().startsWith("regression targets must be floating point"), integers.getMessage());
            double[] values = new double[10];
            values[5] = Double.NaN; // sample 2, output 1
            values[9] = Double.NaN;
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                    () -> TensorDataset.regression(torch.randn(5, 3), Tensors.fromDoubles(values, ScalarType.Float, 5, 2)));
            assertEquals("regression target of sample 2 is NaN or infinite", nan.getMessage());
            double[][] infinite = rows(4, 2, 1);
            infinite[3][1] = Double.POSITIVE_INFINITY;
            IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                    () -> TensorDataset.regression(rows(4, 3, 2), infinite));
            assertEquals("regression target of sample 3 is NaN or infinite", inf.getMessage());
            assertThrows(IllegalArgumentException.class, () -> TensorDataset.regression(torch.randn(5, 3), torch.randn(4, 2)));
        }
    }

    @Test
    void lossesAreMeansOverBatchAndOutputs() {
        try (PointerScope scope = new PointerScope()) {
            double[] predicted = {0.5, -1.0, 2.0, 0.25, 3.0, -0.5};
            double[] target = {1.0, 1.0, -1.0, 0.0, 2.5, 0.5};
            double squared = 0;
            double absolute = 0;
            for (int i = 0; i < predicted.length; i++) {
                squared += (predicted[i] - target[i]) * (predicted[i] - target[i]);
                absolute += Math.abs(predicted[i] - target[i]);
            }
            var p = Tensors.fromDoubles(predicted, ScalarType.Double, 3, 2);
            var t = Tensors.fromDoubles(target, ScalarType.Double, 3, 2);
            assertEquals(squared / 6, LabelLoss.MSE.of(p, t).item_double(), 1e-15);
            assertEquals(absolute / 6, LabelLoss.L1.of(p, t).item_double(), 1e-15);
            assertEquals(Task.REGRESSION, LabelLoss.parse("mse").task());
            assertEquals(LabelLoss.L1, LabelLoss.parse(" L1 "));
            assertThrows(IllegalArgumentException.class, () -> LabelLoss.parse("huber"));
        }
    }

    @Test
    void trainerRefusesWhatDoesNotFit() {
        try (PointerScope scope = new PointerScope();
                DannModel model = regressionMlp(2);
                TensorDataset targets = TensorDataset.regression(rows(8, 3, 1), rows(8, 2, 2));
                TensorDataset wide = TensorDataset.regression(rows(8, 3, 1), rows(8, 3, 2));
                TensorDataset classes = TensorDataset.labelled(rows(8, 3, 1), new int[] {0, 1, 0, 1, 0, 1, 0, 1});
                TensorDataset target = TensorDataset.unlabelled(rows(8, 3, 3))) {
            IllegalArgumentException crossEntropy = assertThrows(IllegalArgumentException.class,
                    () -> new DannTrainer(model, targets, target, TrainingConfig.builder().steps(5).build()));
            assertTrue(crossEntropy.getMessage().startsWith("the label loss cross-entropy is for classification"),
                    crossEntropy.getMessage());
            IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                    () -> new DannTrainer(model, classes, target, mse()));
            assertTrue(labels.getMessage().startsWith("regression needs floating source targets"), labels.getMessage());
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                    () -> new DannTrainer(model, wide, target, mse()));
            assertEquals("the source has 3 target values per sample but the model predicts 2", width.getMessage());
            IllegalArgumentException cdan = assertThrows(IllegalArgumentException.class,
                    () -> new DannTrainer(model, targets, target, mse().toBuilder().method(Method.CDAN).build()));
            assertTrue(cdan.getMessage().startsWith("cdan conditions the domain classifier on class probabilities"),
                    cdan.getMessage());
            try (DannModel classifier = DannModel.mlp(3).features(8).classifier(2).build()) {
                IllegalArgumentException floating = assertThrows(IllegalArgumentException.class,
                        () -> new DannTrainer(classifier, targets, target, TrainingConfig.builder().steps(5).build()));
                assertTrue(floating.getMessage().startsWith("classification needs integer class labels"), floating.getMessage());
            }
        }
        IllegalArgumentException map = assertThrows(IllegalArgumentException.class, () -> DannModel.mlp(3).features(8)
                .classifier(1).task(Task.REGRESSION).conditioning(DomainConditioning.multilinear()).build());
        assertTrue(map.getMessage().contains("CDAN conditions on class probabilities"), map.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DannModel.mlp(3).features(8).classifier(0).task(Task.REGRESSION).build());
        try (DannModel one = DannModel.mlp(3).features(8).classifier(1).task(Task.REGRESSION).build()) {
            assertEquals(1, one.classes()); // one output is a regression head; a classifier needs 2
        }
    }

    @Test
    void evaluationIsTheMeanErrorOfTheModelsOutputs() {
        try (PointerScope scope = new PointerScope();
                DannModel model = regressionMlp(2);
                TensorDataset source = TensorDataset.regression(rows(40, 3, 1), rows(40, 2, 2));
                TensorDataset target = TensorDataset.unlabelled(rows(40, 3, 3));
                DannTrainer trainer = new DannTrainer(model, source, target, mse().toBuilder().steps(20).build())) {
            trainer.run(null);
            RegressionMetrics metrics = Evaluation.regression(model, source, 7, new Device("cpu"), ScalarType.Float);
            double[] predicted;
            try (NoGradGuard noGrad = new NoGradGuard()) {
                model.train(false);
                predicted = Tensors.toDoubles(model.predictLogits(source.features()).to(ScalarType.Double));
            }
            double[] truth = Tensors.toDoubles(source.labels());
            double[] absolute = new double[2];
            double[] squared = new double[2];
            for (int i = 0; i < truth.length; i++) {
                double e = predicted[i] - truth[i];
                absolute[i % 2] += Math.abs(e);
                squared[i % 2] += e * e;
            }
            for (int j = 0; j < 2; j++) {
                assertEquals(absolute[j] / 40, metrics.mae()[j], 1e-12);
                assertEquals(Math.sqrt(squared[j] / 40), metrics.rmse()[j], 1e-12);
            }
            assertEquals((absolute[0] + absolute[1]) / 80, metrics.overallMae(), 1e-12);
            assertEquals(Math.sqrt((squared[0] + squared[1]) / 80), metrics.overallRmse(), 1e-12);
            assertThrows(IllegalArgumentException.class,
                    () -> Evaluation.accuracy(model, source, 7, new Device("cpu"), ScalarType.Float));
        }
    }
}
