package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.FeatureExtractor;
import io.github.dann4j.nn.Mlp;
import io.github.dann4j.testing.ToyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DannTrainerTest {

    private static DannModel smallModel(long seed) {
        torch.manual_seed(seed);
        return DannModel.mlp(2).features(15).classifier(2).discriminator(1).activation(Activation.SIGMOID).build();
    }

    private static TrainingConfig.Builder config(long steps) {
        return TrainingConfig.builder().steps(steps).batchSizes(16, 16).seed(3)
                .learningRate(LearningRateSchedule.constant(0.1));
    }

    private static List<double[]> run(long seed, TrainingConfig config, int steps) {
        List<double[]> metrics = new ArrayList<>();
        try (PointerScope scope = new PointerScope();
                DannModel model = smallModel(seed);
                TensorDataset source = toy(200, 1, 0, true);
                TensorDataset target = toy(200, 2, 35, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            for (int i = 0; i < steps; i++) {
                StepMetrics m = trainer.step();
                metrics.add(new double[] {m.loss(), m.labelLoss(), m.domainLoss(), m.domainAccuracy()});
            }
        }
        return metrics;
    }

    private static TensorDataset toy(int n, long seed, double rotation, boolean labelled) {
        ToyData data = ToyData.blobs(n, seed, rotation);
        return labelled ? TensorDataset.labelled(data.features, data.labels) : TensorDataset.unlabelled(data.features);
    }

    @Test
    void sameSeedGivesBitwiseIdenticalLosses() {
        TrainingConfig config = config(30).build();
        List<double[]> a = run(11, config, 30);
        List<double[]> b = run(11, config, 30);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 0.0, "step " + i);
        }
        List<double[]> other = run(12, config, 30);
        assertFalse(java.util.Arrays.equals(a.get(0), other.get(0)), "another weight seed should change the run");
    }

    @Test
    void trainingLearnsTheSourceTaskAndReportsMetrics() {
        try (PointerScope scope = new PointerScope();
                DannModel model = smallModel(5);
                TensorDataset source = toy(200, 1, 0, true);
                TensorDataset target = toy(200, 2, 35, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config(300).build())) {
            List<StepMetrics> all = new ArrayList<>();
            trainer.run(all::add);
            assertEquals(300, all.size());
            assertEquals(0.0, all.get(0).lambda());
            assertTrue(all.get(299).lambda() > 0.99);
            for (StepMetrics m : all) {
                assertEquals(m.loss(), m.labelLoss() + m.domainLoss(), 1e-5 * Math.abs(m.loss()));
                assertTrue(m.domainAccuracy() >= 0 && m.domainAccuracy() <= 1);
            }
            double accuracy = Evaluation.accuracy(model, source, 64, trainer.device(), ScalarType.Float);
            assertTrue(accuracy > 0.9, "source accuracy " + accuracy);
            assertThrows(IllegalStateException.class, trainer::step);
        }
    }

    @Test
    void sourceOnlyLeavesTheDomainBranchUntouched() {
        try (PointerScope scope = new PointerScope();
                DannModel model = smallModel(5);
                TensorDataset source = toy(100, 1, 0, true);
                DannTrainer trainer = new DannTrainer(model, source, null, config(20).sourceOnly(true).build())) {
            double[] before = Tensors.toDoubles(model.stateTensors().get("discriminator.0.weight"));
            double[] featureBefore = Tensors.toDoubles(model.stateTensors().get("feature.0.weight"));
            StepMetrics m = null;
            for (int i = 0; i < 20; i++) {
                m = trainer.step();
            }
            assertTrue(Double.isNaN(m.domainLoss()) && Double.isNaN(m.domainAccuracy()));
            assertEquals(m.loss(), m.labelLoss());
            assertArrayEquals(before, Tensors.toDoubles(model.stateTensors().get("discriminator.0.weight")), 0.0);
            assertFalse(java.util.Arrays.equals(featureBefore, Tensors.toDoubles(model.stateTensors().get("feature.0.weight"))));
        }
    }

    @Test
    void resumingFromACheckpointContinuesBitIdentically(@TempDir Path dir) {
        TrainingConfig config = config(40).optimizer(OptimizerSpec.sgdMomentum(0.9)).build();
        List<double[]> uninterrupted = run(21, config, 40);
        Path checkpoint = dir.resolve("run.ckpt");
        List<double[]> resumed = new ArrayList<>();
        try (PointerScope scope = new PointerScope();
                DannModel model = smallModel(21);
                TensorDataset source = toy(200, 1, 0, true);
                TensorDataset target = toy(200, 2, 35, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            for (int i = 0; i < 17; i++) {
                StepMetrics m = trainer.step();
                resumed.add(new double[] {m.loss(), m.labelLoss(), m.domainLoss(), m.domainAccuracy()});
            }
            trainer.saveCheckpoint(checkpoint);
        }
        try (PointerScope scope = new PointerScope();
                DannModel model = smallModel(999); // different initial weights: the checkpoint must replace them
                TensorDataset source = toy(200, 1, 0, true);
                TensorDataset target = toy(200, 2, 35, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            trainer.restoreCheckpoint(checkpoint);
            assertEquals(17, trainer.currentStep());
            while (trainer.currentStep() < 40) {
                StepMetrics m = trainer.step();
                resumed.add(new double[] {m.loss(), m.labelLoss(), m.domainLoss(), m.domainAccuracy()});
            }
        }
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(uninterrupted.get(i), resumed.get(i), 0.0, "step " + i);
        }
        // No temporary files are left beside the checkpoint.
        assertEquals(1, dir.toFile().list().length);
    }

    @Test
    void checkpointFromAnotherConfigurationOrNotACheckpointIsRejected(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("a.ckpt");
        try (PointerScope scope = new PointerScope();
                DannModel model = smallModel(1);
                TensorDataset source = toy(50, 1, 0, true);
                TensorDataset target = toy(50, 2, 35, false)) {
            try (DannTrainer trainer = new DannTrainer(model, source, target, config(10).build())) {
                trainer.step();
                trainer.saveCheckpoint(checkpoint);
            }
            try (DannTrainer other = new DannTrainer(model, source, target, config(99).build())) {
                String message = assertThrows(IllegalArgumentException.class, () -> other.restoreCheckpoint(checkpoint)).getMessage();
                assertTrue(message.contains("steps=10") && message.contains("steps=99"), message);
                // A truncated checkpoint fails part-way; the trainer must be left exactly as it was.
                byte[] good = Files.readAllBytes(checkpoint);
                Path truncated = Files.write(dir.resolve("truncated.ckpt"), java.util.Arrays.copyOf(good, good.length * 3 / 4));
                double[] weights = Tensors.toDoubles(model.stateTensors().get("feature.0.weight"));
                long step = other.currentStep();
                assertThrows(IllegalArgumentException.class, () -> other.restoreCheckpoint(truncated));
                assertArrayEquals(weights, Tensors.toDoubles(model.stateTensors().get("feature.0.weight")), 0.0);
                assertEquals(step, other.currentStep());
                Path garbage = Files.writeString(dir.resolve("garbage.ckpt"), "not a checkpoint");
                assertTrue(assertThrows(IllegalArgumentException.class, () -> other.restoreCheckpoint(garbage))
                        .getMessage().contains("cannot read checkpoint"));
                assertThrows(IllegalArgumentException.class, () -> other.restoreCheckpoint(dir.resolve("missing.ckpt")));
            }
        }
    }

    @Test
    void aCheckpointThatFailsPartWayLeavesTheTrainerAsItWas(@TempDir Path dir) {
        Path checkpoint = dir.resolve("small.ckpt");
        TrainingConfig config = config(10).build();
        try (PointerScope scope = new PointerScope();
                TensorDataset source = toy(50, 1, 0, true);
                TensorDataset target = toy(50, 2, 35, false)) {
            try (DannModel small = smallModel(1); DannTrainer trainer = new DannTrainer(small, source, target, config)) {
                trainer.step();
                trainer.saveCheckpoint(checkpoint);
            }
            // Same feature extractor, wider classifier: refused as another architecture, before anything changes.
            torch.manual_seed(2);
            try (DannModel wider = DannModel.mlp(2).features(15).classifier(4, 2).discriminator(1).activation(Activation.SIGMOID).build();
                    DannTrainer trainer = new DannTrainer(wider, source, target, config)) {
                trainer.step();
                Map<String, double[]> before = new java.util.HashMap<>();
                wider.stateTensors().forEach((key, p) -> before.put(key, Tensors.toDoubles(p)));
                String message = assertThrows(IllegalArgumentException.class, () -> trainer.restoreCheckpoint(checkpoint)).getMessage();
                assertTrue(message.contains("was written by another architecture: classifier.0.weight[2, 15] in the file, "
                        + "classifier.0.weight[4, 15] in this model"), message);
                wider.stateTensors().forEach((key, p) -> assertArrayEquals(before.get(key), Tensors.toDoubles(p), 0.0, key));
                assertEquals(1, trainer.currentStep());
                trainer.step(); // and it still trains
            }
        }
    }

    @Test
    void divergenceStopsBeforeTheBadUpdate() {
        torch.manual_seed(2);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(15).classifier(2).discriminator(1).activation(Activation.RELU).build();
                TensorDataset source = toy(50, 1, 0, true);
                TensorDataset target = toy(50, 2, 35, false);
                DannTrainer trainer = new DannTrainer(model, source, target,
                        config(100).learningRate(LearningRateSchedule.constant(1e38)).build())) {
            Map<String, double[]> beforeStep = new java.util.HashMap<>();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    model.stateTensors().forEach((key, p) -> beforeStep.put(key, Tensors.toDoubles(p)));
                    trainer.step();
                }
            });
            assertTrue(e.getMessage().contains("step " + e.step()));
            assertEquals(e.step(), trainer.currentStep(), "the failed step is not counted");
            // The diverged step's update was not applied: the weights are those from before it.
            model.stateTensors().forEach((key, p) -> assertArrayEquals(beforeStep.get(key), Tensors.toDoubles(p), 0.0, key));
        }
    }

    @Test
    void badDataIsRejectedBeforeTraining() {
        try (PointerScope scope = new PointerScope(); DannModel model = smallModel(1)) {
            TensorDataset source = toy(20, 1, 0, true);
            TensorDataset target = toy(20, 2, 0, false);
            TensorDataset wrongLabels = TensorDataset.labelled(ToyData.blobs(4, 1, 0).features, Tensors.fromLongs(new long[] {0, 1, 2, 1}));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> new DannTrainer(model, wrongLabels, target, config(5).build())).getMessage().contains("2 classes"));
            TensorDataset threeFeatures = TensorDataset.unlabelled(torch.randn(10, 3));
            String shape = assertThrows(IllegalArgumentException.class,
                    () -> new DannTrainer(model, source, threeFeatures, config(5).build())).getMessage();
            assertTrue(shape.contains("[2]") && shape.contains("[3]"), shape);
            assertThrows(IllegalArgumentException.class, () -> new DannTrainer(model, target, target, config(5).build()));
            assertThrows(IllegalArgumentException.class, () -> new DannTrainer(model, source, null, config(5).build()));
            Tensor nan = torch.full(new long[] {5, 2}, new org.bytedeco.pytorch.Scalar(Double.NaN));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> TensorDataset.unlabelled(nan)).getMessage().contains("NaN"));
            assertThrows(IllegalArgumentException.class, () -> TensorDataset.unlabelled(torch.empty(0, 2)));
            assertThrows(IllegalArgumentException.class,
                    () -> TensorDataset.labelled(torch.randn(5, 2), Tensors.fromLongs(new long[] {0, 1})));
            assertThrows(IllegalArgumentException.class, () -> new DannTrainer(model, source, target, config(5).device("tpu").build()));
        }
    }

    @Test
    void adamFloat64AndAUserSuppliedFeatureModuleTrain() {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(4);
            // g_f as a user's own module: a Sequential wrapped with a Java forward that adds a residual-free scale.
            var sequential = Mlp.build(2, new long[] {8}, Activation.TANH, true);
            FeatureExtractor custom = FeatureExtractor.of(sequential, x -> sequential.forward(x).mul(new org.bytedeco.pytorch.Scalar(2.0)), 8);
            try (DannModel model = DannModel.mlp(2).featureExtractor(custom).classifier(2).discriminator(4, 1).build();
                    TensorDataset source = toy(100, 1, 0, true);
                    TensorDataset target = toy(100, 2, 35, false);
                    DannTrainer trainer = new DannTrainer(model, source, target, config(150)
                            .optimizer(OptimizerSpec.adam()).learningRate(LearningRateSchedule.constant(0.01))
                            .dtype(ScalarType.Double).build())) {
                Map<String, Tensor> params = model.stateTensors();
                assertTrue(params.containsKey("feature.0.weight") && params.containsKey("discriminator.2.bias"), params.keySet().toString());
                assertEquals(ScalarType.Double, params.get("feature.0.weight").scalar_type().intern());
                double first = trainer.step().labelLoss();
                StepMetrics last = null;
                while (trainer.currentStep() < 150) {
                    last = trainer.step();
                }
                assertTrue(last.labelLoss() < first, "label loss did not fall: " + first + " -> " + last.labelLoss());
                assertTrue(Evaluation.accuracy(model, source, 50, new Device("cpu"), ScalarType.Double) > 0.9);
            }
        }
    }
}
