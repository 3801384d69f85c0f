package io.github.dann4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.LabelLoss;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A regression model saves, loads, predicts its values and resumes like a classifier. */
class RegressionModelFolderTest {
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

    private static TrainingConfig config(long steps) {
        return TrainingConfig.builder().steps(steps).batchSizes(8, 8).labelLoss(LabelLoss.L1).seed(4).build();
    }

    private static DannModel model() {
        torch.manual_seed(9);
        return DannModel.mlp(3).features(12).classifier(6, 2).task(Task.REGRESSION).build();
    }

    @Test
    void savedFolderLoadsAndPredictsTheSameValues(@TempDir Path dir) throws Exception {
        double[][] inputs = rows(17, 3, 5);
        double[] expected;
        Path folder = dir.resolve("model");
        try (PointerScope scope = new PointerScope();
                TensorDataset source = TensorDataset.regression(rows(40, 3, 1), rows(40, 2, 2));
                TensorDataset target = TensorDataset.unlabelled(rows(40, 3, 3))) {
            DannModel network = model();
            try (DannTrainer trainer = new DannTrainer(network, source, target, config(20))) {
                trainer.run(null);
            }
            try (NoGradGuard noGrad = new NoGradGuard(); TensorDataset in = TensorDataset.unlabelled(inputs)) {
                network.train(false); // float32 [17, 3], as predict makes of the rows
                expected = Tensors.toDoubles(network.predictLogits(in.features()).to(ScalarType.Double));
            }
            try (TrainedModel trained = TrainedModel.of(network, Preprocessor.none())) {
                trained.save(folder);
            }
        }
        String properties = Files.readString(folder.resolve("model.properties"));
        assertTrue(properties.contains("task=regression"), properties);
        try (TrainedModel loaded = TrainedModel.load(folder)) {
            assertEquals(Task.REGRESSION, loaded.description().task());
            assertEquals(2, loaded.classes());
            Prediction p = loaded.predict(inputs);
            assertTrue(p.isRegression());
            double[] values = new double[17 * 2];
            for (int i = 0; i < 17; i++) {
                System.arraycopy(p.values(i), 0, values, 2 * i, 2);
            }
            assertArrayEquals(expected, values, 0.0); // the same float32 weights and inputs: the same values
            assertThrows(IllegalStateException.class, () -> p.classOf(0));
            assertThrows(IllegalStateException.class, () -> p.probabilities(0));
        }
        // A classifier's folder says nothing of a task (absent means classification).
        try (PointerScope scope = new PointerScope()) {
            DannModel classifier = DannModel.mlp(3).features(4).classifier(2).build();
            try (TrainedModel trained = TrainedModel.of(classifier, Preprocessor.none())) {
                trained.save(dir.resolve("classifier"));
            }
        }
        assertFalse(Files.readString(dir.resolve("classifier/model.properties")).contains("task="));
        try (TrainedModel loaded = TrainedModel.load(dir.resolve("classifier"))) {
            assertEquals(Task.CLASSIFICATION, loaded.description().task());
            assertFalse(loaded.predict(inputs).isRegression());
        }
    }

    @Test
    void damagedTaskIsRefused(@TempDir Path dir) throws Exception {
        try (PointerScope scope = new PointerScope()) {
            try (TrainedModel trained = TrainedModel.of(model(), Preprocessor.none())) {
                trained.save(dir);
            }
        }
        Path file = dir.resolve("model.properties");
        Files.writeString(file, Files.readString(file).replace("task=regression", "task=ranking"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("the task must be classification or regression, got 'ranking'"), e.getMessage());
    }

    @Test
    void resumedRunEqualsTheUninterruptedOne(@TempDir Path dir) {
        Path checkpoint = dir.resolve("checkpoint.ckpt");
        try (PointerScope scope = new PointerScope();
                TensorDataset source = TensorDataset.regression(rows(40, 3, 1), rows(40, 2, 2));
                TensorDataset target = TensorDataset.unlabelled(rows(40, 3, 3));
                DannModel straight = model();
                DannModel resumed = model()) {
            try (DannTrainer trainer = new DannTrainer(straight, source, target, config(12))) {
                for (int t = 0; t < 5; t++) {
                    trainer.step();
                }
                trainer.saveCheckpoint(checkpoint);
                trainer.run(null);
            }
            try (DannTrainer trainer = new DannTrainer(resumed, source, target, config(12))) {
                trainer.restoreCheckpoint(checkpoint);
                assertEquals(5, trainer.currentStep());
                trainer.run(null);
            }
            Map<String, Tensor> a = straight.stateTensors();
            Map<String, Tensor> b = resumed.stateTensors();
            for (String key : a.keySet()) {
                assertArrayEquals(Tensors.toDoubles(a.get(key)), Tensors.toDoubles(b.get(key)), 0.0, key);
            }
            // A checkpoint of an L1 run does not resume an MSE run.
            try (DannTrainer other = new DannTrainer(resumed, source, target,
                    config(12).toBuilder().labelLoss(LabelLoss.MSE).build())) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> other.restoreCheckpoint(checkpoint));
                assertTrue(e.getMessage().contains("labelLoss=l1"), e.getMessage());
            }
        }
    }
}
