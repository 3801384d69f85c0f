package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that samples with replacement resumes exactly: 2k steps in one go against k steps, a
 * checkpoint, and k more in a fresh trainer; and its checkpoints do not resume under the other
 * sampling mode.
 */
class ReplacementResumeTest {
    private static final int K = 12;

    private static TrainingConfig config(SamplingMode sampling) {
        return TrainingConfig.builder().steps(2 * K).batchSizes(7, 5).seed(11).sampling(sampling)
                .learningRate(LearningRateSchedule.constant(0.05)).build();
    }

    private static DannModel model(long seed) {
        torch.manual_seed(seed);
        return DannModel.mlp(2).features(6).classifier(2).discriminator(1).build();
    }

    /** Trains from init seed 4; a non-null {@code save} stops after K steps and writes a checkpoint there. */
    private static List<Double> train(SamplingMode sampling, Path save, Path resume, Map<String, double[]> parameters) {
        List<Double> losses = new ArrayList<>();
        try (PointerScope scope = new PointerScope(); DannModel model = model(resume == null ? 4 : 77);
                TensorDataset source = TensorDataset.labelled(ToyData.blobs(30, 1, 0).features, ToyData.blobs(30, 1, 0).labels);
                TensorDataset target = TensorDataset.unlabelled(ToyData.blobs(23, 2, 30).features);
                DannTrainer trainer = new DannTrainer(model, source, target, config(sampling))) {
            if (resume != null) {
                trainer.restoreCheckpoint(resume);
                assertEquals(K, trainer.currentStep());
            }
            while (trainer.currentStep() < (save != null ? K : 2 * K)) {
                losses.add(trainer.step().loss());
            }
            if (save != null) {
                trainer.saveCheckpoint(save);
            }
            model.stateTensors().forEach((name, tensor) -> parameters.put(name, Tensors.toDoubles(tensor)));
        }
        return losses;
    }

    @Test
    void twoKStepsEqualKStepsACheckpointAndKMore(@TempDir Path dir) {
        Path checkpoint = dir.resolve("replacement.ckpt");
        Map<String, double[]> straight = new LinkedHashMap<>();
        Map<String, double[]> resumed = new LinkedHashMap<>();
        List<Double> straightLosses = train(SamplingMode.REPLACEMENT, null, null, straight);
        List<Double> resumedLosses = new ArrayList<>(train(SamplingMode.REPLACEMENT, checkpoint, null, new LinkedHashMap<>()));
        resumedLosses.addAll(train(SamplingMode.REPLACEMENT, null, checkpoint, resumed));
        assertEquals(straightLosses, resumedLosses);
        assertEquals(straight.keySet(), resumed.keySet());
        straight.forEach((name, values) -> assertArrayEquals(values, resumed.get(name), 0.0, name));

        Map<?, ?> root = (Map<?, ?>) TorchFile.read(checkpoint, "checkpoint");
        assertEquals(7L * K, root.get("source_position"));
        assertEquals(5L * K, root.get("target_position"));
        assertTrue(((String) root.get("configuration")).endsWith(" sampling=REPLACEMENT"), (String) root.get("configuration"));
        // and the batches are not those of shuffled passes
        assertNotEquals(straightLosses, train(SamplingMode.PASSES, null, null, new LinkedHashMap<>()));
    }

    @Test
    void aCheckpointResumesOnlyUnderItsOwnSamplingModeAndPosition(@TempDir Path dir) {
        Path replacement = dir.resolve("replacement.ckpt");
        Path passes = dir.resolve("passes.ckpt");
        train(SamplingMode.REPLACEMENT, replacement, null, new LinkedHashMap<>());
        train(SamplingMode.PASSES, passes, null, new LinkedHashMap<>());
        String message = assertThrows(IllegalArgumentException.class,
                () -> train(SamplingMode.PASSES, null, replacement, new LinkedHashMap<>())).getMessage();
        assertTrue(message.contains("sampling=REPLACEMENT but this run has"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> train(SamplingMode.REPLACEMENT, null, passes, new LinkedHashMap<>())).getMessage();
        assertTrue(message.contains("but this run has") && message.endsWith("sampling=REPLACEMENT"), message);

        // A position no run of this configuration reaches (24 steps of 7) is refused before any replay.
        try (PointerScope scope = new PointerScope()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) TorchFile.read(replacement, "checkpoint"));
            root.put("source_position", Long.MAX_VALUE / 2);
            Path far = dir.resolve("far.ckpt");
            TorchFile.write(far, root, "checkpoint");
            message = assertThrows(IllegalArgumentException.class,
                    () -> train(SamplingMode.REPLACEMENT, null, far, new LinkedHashMap<>())).getMessage();
            assertTrue(message.contains("has source_position " + Long.MAX_VALUE / 2 + ", outside [0, 168]"), message);
        }
    }
}
