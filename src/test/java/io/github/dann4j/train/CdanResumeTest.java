package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainConditioning;
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
 * A CDAN+E run on the randomized map resumes exactly: 2k steps in one go against k steps, a
 * checkpoint, and k more in a fresh trainer whose model was built from another seed (so its R_f
 * and R_g, like its weights, must come from the checkpoint); and the checkpoint does not resume
 * under another method.
 */
class CdanResumeTest {
    private static final int K = 10;

    private static TrainingConfig config(Method method) {
        return TrainingConfig.builder().steps(2 * K).batchSizes(7, 5).seed(11).method(method)
                .learningRate(LearningRateSchedule.constant(0.05)).build();
    }

    private static DannModel model(long seed) {
        torch.manual_seed(seed);
        return DannModel.mlp(2).features(6).classifier(2).discriminator(4, 1)
                .conditioning(DomainConditioning.randomized(5)).build();
    }

    private static List<Double> train(Method method, Path save, Path resume, Map<String, double[]> state) {
        List<Double> losses = new ArrayList<>();
        try (PointerScope scope = new PointerScope(); DannModel model = model(resume == null ? 4 : 77);
                TensorDataset source = TensorDataset.labelled(ToyData.blobs(30, 1, 0).features, ToyData.blobs(30, 1, 0).labels);
                TensorDataset target = TensorDataset.unlabelled(ToyData.blobs(23, 2, 30).features);
                DannTrainer trainer = new DannTrainer(model, source, target, config(method))) {
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
            model.stateTensors().forEach((name, tensor) -> state.put(name, Tensors.toDoubles(tensor)));
        }
        return losses;
    }

    @Test
    void resumesToTheSameBitsAsOneRun(@TempDir Path dir) {
        Map<String, double[]> straight = new LinkedHashMap<>();
        List<Double> all = train(Method.CDAN_E, null, null, straight);
        Path checkpoint = dir.resolve("k.ckpt");
        List<Double> first = train(Method.CDAN_E, checkpoint, null, new LinkedHashMap<>());
        Map<String, double[]> resumed = new LinkedHashMap<>();
        List<Double> second = train(Method.CDAN_E, null, checkpoint, resumed);
        List<Double> joined = new ArrayList<>(first);
        joined.addAll(second);
        assertEquals(all, joined);
        assertEquals(straight.keySet(), resumed.keySet());
        assertTrue(straight.containsKey("domain_map_features") && straight.containsKey("domain_map_classes"));
        for (String key : straight.keySet()) {
            assertArrayEquals(straight.get(key), resumed.get(key), key);
        }
        // The fresh model's own buffers differed: the checkpoint, not the seed, made them equal.
        try (PointerScope scope = new PointerScope(); DannModel other = model(77)) {
            assertNotEquals(straight.get("domain_map_features")[0],
                    Tensors.toDoubles(other.stateTensors().get("domain_map_features"))[0]);
        }
    }

    @Test
    void aCheckpointDoesNotResumeUnderAnotherMethod(@TempDir Path dir) {
        Path checkpoint = dir.resolve("k.ckpt");
        train(Method.CDAN, checkpoint, null, new LinkedHashMap<>());
        String message = assertThrows(IllegalArgumentException.class,
                () -> train(Method.CDAN_E, null, checkpoint, new LinkedHashMap<>())).getMessage();
        assertTrue(message.contains("method=cdan ") || message.contains("method=cdan but"), message);
        assertTrue(message.endsWith("method=cdan-e"), message);
    }
}
