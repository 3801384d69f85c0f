package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.ToyData;
import java.nio.file.Path;
import io.github.dann4j.testing.CudaAssumptions;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on CUDA: model, batches and optimizer state on the GPU. Skipped, with the reason, without CUDA. */
class DannTrainerCudaTest {
    @BeforeEach
    void requireCuda() {
        CudaAssumptions.requireCuda(getClass());
    }

    @Test
    void trainsOnCudaAndCheckpointsRoundTrip(@TempDir Path dir) {
        ToyData source = ToyData.blobs(200, 1, 0);
        ToyData target = ToyData.blobs(200, 2, 35);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(15).classifier(2).discriminator(1).build();
                TensorDataset s = TensorDataset.labelled(source.features, source.labels);
                TensorDataset t = TensorDataset.unlabelled(target.features);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(50).device("cuda").build())) {
            assertEquals("cuda:0", trainer.deviceName(), "device \"cuda\" resolves to the GPU it means");
            for (Tensor p : model.stateTensors().values()) {
                assertTrue(p.is_cuda(), "parameter not on CUDA");
            }
            double first = trainer.step().labelLoss();
            for (int i = 1; i < 25; i++) {
                trainer.step();
            }
            trainer.saveCheckpoint(dir.resolve("cuda.ckpt"));
            StepMetrics next = trainer.step();
            trainer.restoreCheckpoint(dir.resolve("cuda.ckpt"));
            assertEquals(25, trainer.currentStep());
            assertEquals(next.labelLoss(), trainer.step().labelLoss(), 1e-6);
            assertTrue(Double.isFinite(first));
        }
    }
}
