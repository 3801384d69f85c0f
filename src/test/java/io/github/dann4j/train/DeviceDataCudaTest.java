package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.CudaAssumptions;
import io.github.dann4j.testing.ToyData;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data on the GPU: a copy there gathers the batches the host does, host batches come through
 * pinned memory, and a CUDA run reading its metrics every few steps matches one reading every
 * step. Skipped, with the reason, without CUDA.
 */
class DeviceDataCudaTest {
    @BeforeEach
    void requireCuda() {
        CudaAssumptions.requireCuda(getClass());
    }

    @Test
    void batchesOnTheGpuEqualTheHostsWhereverTheDataIs() {
        ToyData data = ToyData.blobs(50, 1, 0);
        Device cuda = Devices.parse("cuda");
        long[] indices = {4, 49, 0, 4, 17};
        try (PointerScope scope = new PointerScope(); TensorDataset host = TensorDataset.labelled(data.features, data.labels);
                TensorDataset copy = host.to(cuda)) {
            assertFalse(copy.isOnHost());
            assertTrue(copy.features().is_cuda());
            double[] expected = Tensors.toDoubles(host.featureBatch(indices, Devices.parse("cpu"), ScalarType.Float));
            assertArrayEquals(expected, Tensors.toDoubles(copy.featureBatch(indices, cuda, ScalarType.Float)), 0.0);
            assertArrayEquals(expected, Tensors.toDoubles(host.featureBatch(indices, cuda, ScalarType.Float)), 0.0,
                    "through pinned memory");
            assertTrue(host.featureBatch(indices, cuda, ScalarType.Float).is_cuda());
            assertArrayEquals(Tensors.toLongs(host.labelBatch(indices, Devices.parse("cpu"))),
                    Tensors.toLongs(copy.labelBatch(indices, cuda)));
            assertEquals(Evaluation.accuracy(oneModel(), host, 7, Devices.parse("cpu"), ScalarType.Float),
                    Evaluation.accuracy(oneModel(), copy, 7, cuda, ScalarType.Float), 0.0);
        }
    }

    private static DannModel oneModel() {
        torch.manual_seed(4);
        return DannModel.mlp(2).features(5).classifier(2).discriminator(1).build();
    }

    @Test
    void windowsOnCudaChangeNoStepWhereverTheDataIs() {
        List<double[]> every = train(1, TrainingConfig.DEFAULT_DEVICE_DATA_BYTES);
        for (double[][] other : new double[][][] {train(9, TrainingConfig.DEFAULT_DEVICE_DATA_BYTES).toArray(double[][]::new),
                train(9, 0).toArray(double[][]::new)}) {
            for (int i = 0; i < other.length; i++) {
                assertArrayEquals(every.get(i), other[i], 1e-6, "parameter " + i);
            }
        }
    }

    private static List<double[]> train(int metricsEvery, long deviceDataBytes) {
        ToyData source = ToyData.blobs(200, 1, 0);
        ToyData target = ToyData.blobs(200, 2, 35);
        try (PointerScope scope = new PointerScope();
                DannModel model = oneModel();
                TensorDataset s = TensorDataset.labelled(source.features, source.labels);
                TensorDataset t = TensorDataset.unlabelled(target.features);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(40).device("cuda")
                        .metricsEvery(metricsEvery).deviceDataBytes(deviceDataBytes).build())) {
            assertEquals(metricsEvery, trainer.metricsEvery());
            trainer.run(null);
            List<double[]> weights = new ArrayList<>();
            model.stateTensors().values().forEach(p -> weights.add(Tensors.toDoubles(p)));
            return weights;
        }
    }

    @Test
    void theDefaultOnCudaReadsEveryFiftySteps() {
        ToyData source = ToyData.blobs(20, 1, 0);
        try (PointerScope scope = new PointerScope(); DannModel model = oneModel();
                TensorDataset s = TensorDataset.labelled(source.features, source.labels);
                DannTrainer trainer = new DannTrainer(model, s, null,
                        TrainingConfig.builder().steps(120).sourceOnly(true).device("cuda").build())) {
            assertEquals(DannTrainer.DEFAULT_CUDA_METRICS_EVERY, trainer.metricsEvery());
            List<Long> reads = new ArrayList<>();
            trainer.run(m -> reads.add(m.step()));
            assertEquals(List.of(49L, 99L, 119L), reads);
        }
    }
}
