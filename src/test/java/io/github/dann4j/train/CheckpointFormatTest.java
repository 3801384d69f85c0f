package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.interop.TorchFile;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.ToyData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints are plain torch.save dicts read by the safe reader: their contents, Adam's state
 * across a resume, and every part of a tampered checkpoint refused with the trainer unchanged.
 */
class CheckpointFormatTest {
    private static TensorDataset toy(int n, long seed, double rotation, boolean labelled) {
        ToyData data = ToyData.blobs(n, seed, rotation);
        return labelled ? TensorDataset.labelled(data.features, data.labels) : TensorDataset.unlabelled(data.features);
    }

    private static DannModel model(long seed) {
        torch.manual_seed(seed);
        return DannModel.mlp(2).features(6).classifier(2).discriminator(1).build();
    }

    private static TrainingConfig config(OptimizerSpec optimizer) {
        return TrainingConfig.builder().steps(30).batchSizes(8, 8).seed(5).optimizer(optimizer)
                .learningRate(LearningRateSchedule.constant(0.05)).build();
    }

    @Test
    void aCheckpointIsAPlainDictOfValuesAndTensors(@TempDir Path dir) {
        Path file = dir.resolve("c.ckpt");
        try (PointerScope scope = new PointerScope(); DannModel model = model(1);
                TensorDataset source = toy(40, 1, 0, true); TensorDataset target = toy(40, 2, 30, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config(OptimizerSpec.sgdMomentum(0.9)))) {
            trainer.step();
            trainer.step();
            trainer.saveCheckpoint(file);
            Map<?, ?> root = (Map<?, ?>) TorchFile.read(file, "checkpoint");
            assertEquals(Checkpoints.FORMAT, root.get("format"));
            assertEquals(2L, root.get("step"));
            assertEquals(16L, root.get("source_position"));
            assertTrue(((String) root.get("architecture")).contains("feature.0.weight[6, 2]"), (String) root.get("architecture"));
            Map<?, ?> state = (Map<?, ?>) ((Map<?, ?>) root.get("optimizer")).get("state");
            assertEquals(6, state.size(), "one momentum buffer per parameter: " + state.keySet());
            assertTrue(state.get("0.momentum_buffer") instanceof Tensor);
        }
    }

    /**
     * Python reads a checkpoint with torch.load(weights_only=True). Needs a Python with torch:
     * DANN4J_REFERENCE_PYTHON (see reference/README.md); skipped otherwise.
     */
    @Test
    void pythonReadsACheckpointWithWeightsOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.ckpt");
        try (PointerScope scope = new PointerScope(); DannModel model = model(1);
                TensorDataset source = toy(40, 1, 0, true); TensorDataset target = toy(40, 2, 30, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config(OptimizerSpec.adam()))) {
            trainer.step();
            trainer.saveCheckpoint(file);
            double expected = model.stateTensors().get("classifier.0.weight").sum().item_double();
            String output = io.github.dann4j.testing.ReferencePython.run("import sys, torch\n"
                    + "c = torch.load(sys.argv[1], weights_only=True)\n"
                    + "print(c['format'], c['step'], c['optimizer']['type'], int(c['optimizer']['state']['0.step']),"
                    + " c['cpu_rng'].dtype, repr(c['model']['classifier.0.weight'].sum().item()))", file.toString());
            String[] parts = output.split(" ");
            assertEquals(List.of(Checkpoints.FORMAT, "1", "adam", "1", "torch.uint8"), List.of(parts).subList(0, 5), output);
            assertEquals(expected, Double.parseDouble(parts[5]), 1e-6, output);
        }
    }

    /** Adam's step counts and moments survive a checkpoint: the resumed run equals the uninterrupted one. */
    @Test
    void adamResumesBitIdentically(@TempDir Path dir) {
        Path file = dir.resolve("adam.ckpt");
        TrainingConfig config = config(OptimizerSpec.adam());
        List<Double> straight = new ArrayList<>();
        List<Double> resumed = new ArrayList<>();
        try (PointerScope scope = new PointerScope(); DannModel model = model(4);
                TensorDataset source = toy(40, 1, 0, true); TensorDataset target = toy(40, 2, 30, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            for (int i = 0; i < 20; i++) {
                straight.add(trainer.step().loss());
            }
        }
        try (PointerScope scope = new PointerScope(); DannModel model = model(4);
                TensorDataset source = toy(40, 1, 0, true); TensorDataset target = toy(40, 2, 30, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            for (int i = 0; i < 9; i++) {
                resumed.add(trainer.step().loss());
            }
            trainer.saveCheckpoint(file);
        }
        try (PointerScope scope = new PointerScope(); DannModel model = model(77);
                TensorDataset source = toy(40, 1, 0, true); TensorDataset target = toy(40, 2, 30, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            trainer.restoreCheckpoint(file);
            while (trainer.currentStep() < 20) {
                resumed.add(trainer.step().loss());
            }
        }
        assertEquals(straight, resumed);
    }

    @Test
    void tamperedCheckpointsAreRefusedAndChangeNothing(@TempDir Path dir) {
        Path good = dir.resolve("good.ckpt");
        try (PointerScope scope = new PointerScope(); DannModel model = model(1);
                TensorDataset source = toy(40, 1, 0, true); TensorDataset target = toy(40, 2, 30, false);
                DannTrainer trainer = new DannTrainer(model, source, target, config(OptimizerSpec.sgdMomentum(0.9)))) {
            trainer.step();
            trainer.saveCheckpoint(good);
            trainer.step();
            torch.randn(3); // the generator moves on from the checkpoint's state
            double[] weights = Tensors.toDoubles(model.stateTensors().get("feature.0.weight"));
            check(trainer, dir, good, root -> root.put("step", -1L), "has step -1, outside [0, 30]");
            check(trainer, dir, good, root -> root.put("step", 31L), "has step 31");
            check(trainer, dir, good, root -> root.put("format", "dann4j-checkpoint-1"), "format 'dann4j-checkpoint-1'");
            check(trainer, dir, good, root -> root.remove("cpu_rng"), "has no cpu_rng tensor");
            check(trainer, dir, good, root -> root.put("cpu_rng", Tensors.fromLongs(new long[] {1, 2, 3}).to(torch.ScalarType.Byte)),
                    "not libtorch's");
            check(trainer, dir, good, root -> root.put("architecture", "parameters feature.0.weight[60, 2]"),
                    "another architecture: feature.0.weight[60, 2] in the file, feature.0.weight[6, 2] in this model");
            check(trainer, dir, good, root -> optimizerState(root).put("0.momentum_buffer",
                    Tensors.fromDoubles(new double[3], torch.ScalarType.Float, 3)), "has shape [3] but its parameter has shape [6, 2]");
            check(trainer, dir, good, root -> optimizerState(root).put("0.exp_avg",
                    Tensors.fromDoubles(new double[12], torch.ScalarType.Float, 6, 2)), "not a field of this SGD optimizer");
            check(trainer, dir, good, root -> optimizerState(root).put("99.momentum_buffer",
                    Tensors.fromDoubles(new double[12], torch.ScalarType.Float, 6, 2)), "names parameter 99 but there are 6");
            check(trainer, dir, good, root -> optimizerState(root).put("0.momentum_buffer",
                    Tensors.fromDoubles(new double[12], torch.ScalarType.Double, 6, 2)), "is Double but its parameter is Float");
            check(trainer, dir, good, root -> ((Map<String, Object>) root.get("model")).remove("classifier.0.bias"),
                    "missing keys [classifier.0.bias]");
            assertArrayEquals(weights, Tensors.toDoubles(model.stateTensors().get("feature.0.weight")), 0.0);
            assertEquals(2, trainer.currentStep());
            trainer.restoreCheckpoint(good);
            assertEquals(1, trainer.currentStep());
            trainer.step(); // and it still trains
        }
    }

    /**
     * A checkpoint written by dann4j before format 2 (commit 7d35e9a: libtorch's OutputArchive, a
     * TorchScript archive with code/) is refused unread, with what to do instead.
     */
    @Test
    void aFormat1CheckpointIsRefusedWithoutRunningIt() throws Exception {
        Path old = Path.of(getClass().getResource("/checkpoints/format1.ckpt").toURI());
        try (PointerScope scope = new PointerScope(); DannModel model = DannModel.mlp(2).features(8).classifier(2).discriminator(1).build();
                TensorDataset source = toy(16, 1, 0, true); TensorDataset target = toy(16, 2, 30, false);
                DannTrainer trainer = new DannTrainer(model, source, target,
                        TrainingConfig.builder().steps(10).batchSizes(4, 4).build())) {
            String message = assertThrows(IllegalArgumentException.class, () -> trainer.restoreCheckpoint(old)).getMessage();
            assertTrue(message.contains("it is a TorchScript archive, as dann4j's checkpoints before format 2 were")
                    && message.contains("--init"), message);
            assertEquals(0, trainer.currentStep());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optimizerState(Map<String, Object> root) {
        return (Map<String, Object>) ((Map<String, Object>) root.get("optimizer")).get("state");
    }

    /** Rewrites {@code good} with {@code edit} applied and checks that restoring it fails with {@code expected}. */
    @SuppressWarnings("unchecked")
    private static void check(DannTrainer trainer, Path dir, Path good, Consumer<Map<String, Object>> edit, String expected) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Object> root = deepCopy((Map<String, Object>) TorchFile.read(good, "checkpoint"));
            edit.accept(root);
            Path bad = dir.resolve("bad.ckpt");
            TorchFile.write(bad, root, "checkpoint");
            long step = trainer.currentStep();
            Tensor rng = torch.getDefaultCPUGenerator().get_state();
            String message = assertThrows(IllegalArgumentException.class, () -> trainer.restoreCheckpoint(bad)).getMessage();
            assertTrue(message.contains(expected), message);
            assertTrue(!message.contains("\n"), message);
            assertEquals(step, trainer.currentStep());
            assertTrue(rng.equal(torch.getDefaultCPUGenerator().get_state()), "the generator state is put back: " + expected);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
        return copy;
    }
}
