package io.github.dann4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainConditioning;
import io.github.dann4j.testing.ToyData;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.Method;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CDAN model saves as a model folder and loads back to the same network: the description
 * records its map, the weights and the randomized map's buffers come back equal, and predictions
 * with the domain output are identical to the model's before saving.
 */
class CdanModelFolderTest {

    @Test
    void savesLoadsAndPredictsIdentically(@TempDir Path dir) {
        for (DomainConditioning map : new DomainConditioning[] {DomainConditioning.multilinear(),
                DomainConditioning.randomized(7)}) {
            Path folder = dir.resolve(map.text().replace(':', '_'));
            torch.manual_seed(5);
            try (PointerScope scope = new PointerScope();
                    TrainedModel saved = TrainedModel.of(DannModel.mlp(2).features(8, 4).classifier(3).discriminator(5, 1)
                            .activation(Activation.TANH).conditioning(map).build(), Preprocessor.none())) {
                DannModel network = saved.network();
                ToyData s = ToyData.blobs(40, 1, 0);
                try (TensorDataset source = TensorDataset.labelled(s.features, s.labels);
                        TensorDataset target = TensorDataset.unlabelled(ToyData.blobs(30, 2, 40).features);
                        DannTrainer trainer = new DannTrainer(network, source, target, TrainingConfig.builder().steps(12)
                                .batchSizes(8, 8).method(Method.CDAN_E).build())) {
                    trainer.run(null);
                }
                saved.save(folder);
                assertEquals(map, ModelFolder.description(folder).architecture().conditioning());
                Tensor x = ToyData.blobs(25, 9, 20).features;
                Prediction before = saved.predict(Inputs.raw(x), PredictOptions.DEFAULTS.withDomain());
                try (TrainedModel loaded = TrainedModel.load(folder)) {
                    Map<String, Tensor> expected = network.stateTensors();
                    Map<String, Tensor> actual = loaded.network().stateTensors();
                    assertEquals(expected.keySet(), actual.keySet());
                    for (String key : expected.keySet()) {
                        assertArrayEquals(Tensors.toDoubles(expected.get(key)), Tensors.toDoubles(actual.get(key)), key);
                    }
                    Prediction after = loaded.predict(Inputs.raw(x), PredictOptions.DEFAULTS.withDomain());
                    assertArrayEquals(before.classes(), after.classes());
                    for (int i = 0; i < before.size(); i++) {
                        assertArrayEquals(before.probabilities(i), after.probabilities(i), map + " sample " + i);
                        assertEquals(before.targetProbability(i), after.targetProbability(i), map + " sample " + i);
                    }
                }
            }
        }
    }
}
