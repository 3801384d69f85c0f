package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.ToyData;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Eight threads running inference on one trained model at once get exactly the single-thread results. */
class ConcurrentInferenceTest {
    private static final int THREADS = 8;
    private static final int REPEATS = 50;

    private static double[] infer(DannModel model, Tensor input) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            return Tensors.toDoubles(torch.softmax(model.predictLogits(input), 1));
        }
    }

    @Test
    void eightThreadsAgreeWithOne() throws Exception {
        ToyData source = ToyData.blobs(200, 1, 0);
        ToyData target = ToyData.blobs(200, 2, 30);
        torch.manual_seed(3);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(32, 16).classifier(2).discriminator(8, 1).build();
                TensorDataset s = TensorDataset.labelled(source.features, source.labels);
                TensorDataset t = TensorDataset.unlabelled(target.features);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(200).build())) {
            trainer.run(null);
            model.train(false);
            Tensor input = ToyData.blobs(500, 9, 15).features;
            double[] expected = infer(model, input);

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        for (int r = 0; r < REPEATS; r++) {
                            assertArrayEquals(expected, infer(model, input), 0.0);
                        }
                        return REPEATS;
                    }));
                }
                start.countDown();
                for (Future<Integer> result : results) {
                    assertEquals(REPEATS, result.get(5, TimeUnit.MINUTES));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
