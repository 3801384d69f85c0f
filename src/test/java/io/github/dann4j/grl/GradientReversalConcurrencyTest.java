package io.github.dann4j.grl;

import static io.github.dann4j.testing.TensorTestUtil.backward;
import static io.github.dann4j.testing.TensorTestUtil.randn;
import static io.github.dann4j.testing.TensorTestUtil.sameValues;
import static io.github.dann4j.testing.TensorTestUtil.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class GradientReversalConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ITERATIONS = 200;

    @Test
    void eightThreadsBuildingGraphsAndCallingBackwardGetCorrectResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                double lambda = 0.25 * (t + 1); // a different lambda per thread exposes any shared state
                GradientReversalLayer layer = new GradientReversalLayer(lambda);
                Callable<Integer> work = () -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < ITERATIONS; i++) {
                        try (PointerScope scope = new PointerScope()) {
                            Tensor x = randn(ScalarType.Float, 16, 8).requires_grad_(true);
                            Tensor upstream = randn(ScalarType.Float, 16, 8);
                            backward(layer.forward(x), upstream);
                            assertTrue(sameValues(x.grad(), scaled(upstream, -lambda)),
                                    "wrong gradient in a thread with lambda " + lambda);

                            // A small network too, so that autograd engines run concurrently.
                            LinearImpl linear = new LinearImpl(8, 3);
                            Tensor h = randn(ScalarType.Float, 4, 8).requires_grad_(true);
                            linear.forward(layer.forward(h)).sum().backward();
                            Tensor expected = scaled(linear.weight().sum(0).expand(4, 8).contiguous(), -lambda);
                            assertTrue(sameValues(h.grad(), expected) || maxRelativeError(h.grad(), expected) < 1e-6,
                                    "wrong network gradient in a thread with lambda " + lambda);
                            checked++;
                        }
                    }
                    return checked;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertEquals(ITERATIONS, result.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double maxRelativeError(Tensor actual, Tensor expected) {
        double[] a = io.github.dann4j.testing.TensorTestUtil.toDoubles(actual);
        double[] e = io.github.dann4j.testing.TensorTestUtil.toDoubles(expected);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - e[i]) / Math.max(1e-12, Math.abs(e[i])));
        }
        return max;
    }
}
