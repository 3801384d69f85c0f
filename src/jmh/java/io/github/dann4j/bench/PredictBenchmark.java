package io.github.dann4j.bench;

import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Inference throughput of the public model API ({@link TrainedModel#predict}): samples per second
 * with 1 and with N application threads calling one model at once, each call a batch of raw
 * inputs as they come from disk (the digits network: uint8 images {@code [B, 3, 28, 28]}, scaled by
 * the model's preprocessing; the shallow MLP: float rows {@code [B, 2]}). libtorch runs each call
 * on one intra-op thread, so the application's threads are the parallelism.
 *
 * <pre>mvn -Pjmh test-compile exec:exec@predict -Dpredict.args="--model digits --callers 1,8"</pre>
 *
 * Prints one line per caller count: the median of {@code --rounds} rounds of {@code --seconds} each.
 */
public final class PredictBenchmark {
    private PredictBenchmark() {}

    public static void main(String[] args) throws Exception {
        String name = "digits";
        int[] callers = {1, 8};
        int batch = 256;
        int rounds = 5;
        double seconds = 2.0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> name = args[i + 1];
                case "--callers" -> callers = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Threads.set(1);
        torch.manual_seed(0);
        boolean digits = name.equals("digits");
        DannModel network = digits ? DannModel.digits(3, 28, 10)
                : DannModel.mlp(2).features(15).classifier(2).discriminator(1).activation(Activation.SIGMOID).build();
        try (TrainedModel model = TrainedModel.of(network, Preprocessor.none())) {
            Tensor input = digits
                    ? torch.rand(batch, 3, 28, 28).mul(new Scalar(255.0)).to(ScalarType.Byte)
                    : torch.randn(batch, 2);
            Inputs inputs = Inputs.raw(input);
            PredictOptions options = PredictOptions.DEFAULTS.withBatchSize(batch);
            for (int c : callers) {
                measure(model, inputs, options, c, 1.0); // warm-up
                double[] rates = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    rates[r] = measure(model, inputs, options, c, seconds);
                }
                Arrays.sort(rates);
                System.out.printf("model=%s callers=%d batch=%d cores=%d rounds=%d median_samples_per_s=%.0f min=%.0f max=%.0f%n",
                        name, c, batch, Runtime.getRuntime().availableProcessors(), rounds, rates[rounds / 2], rates[0],
                        rates[rounds - 1]);
            }
            input.close();
        }
    }

    /** Samples per second with {@code callers} threads predicting for {@code seconds}. */
    private static double measure(TrainedModel model, Inputs inputs, PredictOptions options, int callers, double seconds)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (!stop.get()) {
                    samples.addAndGet(model.predict(inputs, options).size());
                }
            });
            t.start();
            threads.add(t);
        }
        long begin = System.nanoTime();
        start.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return samples.get() / ((System.nanoTime() - begin) / 1e9);
    }
}
