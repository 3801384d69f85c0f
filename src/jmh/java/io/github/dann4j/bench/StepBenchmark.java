package io.github.dann4j.bench;

import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.runtime.Threads;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Times {@link DannTrainer#step()} on one of the three benchmark models; the Java third of the
 * step benchmark whose other two thirds are {@code native/bench/dann_step_bench.cpp} and
 * {@code bench/python/dann_step_bench.py}. All three build the same models and data shapes,
 * use SGD with momentum 0.9 and the paper's schedules, and sample shuffled batches.
 *
 * <pre>java ... StepBenchmark --model tiny|shallow|digits --threads N [--device cpu|cuda] [--warmup N] [--steps N]
 *         [--metrics-every K]</pre>
 *
 * With {@code --block B} the steps are timed B at a time ({@code step()} B times) and a step's time
 * is that of its block divided by B; with {@code --metrics-every K} above 1 they run K at a time
 * ({@code run(K, null)}, one metrics read each) and B is K. Comparing {@code --block K} with
 * {@code --metrics-every K} shows what the per-step read costs, alike in what the timing includes.
 *
 * Prints one line of key=value pairs for {@code scripts/benchmarks.py}.
 */
public final class StepBenchmark {
    private StepBenchmark() {}

    public static void main(String[] args) throws IOException {
        String model = "tiny";
        int threads = 1;
        int warmup = 200;
        int steps = 2000;
        String device = "cpu";
        int every = 1;
        int block = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--device" -> device = args[i + 1];
                case "--metrics-every" -> every = Integer.parseInt(args[i + 1]);
                case "--block" -> block = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Threads.set(threads);
        torch.manual_seed(0);
        try (DannModel dann = model(model);
                TensorDataset source = data(model, true);
                TensorDataset target = data(model, false);
                DannTrainer trainer = new DannTrainer(dann, source, target, TrainingConfig.builder()
                        .steps(warmup + steps).batchSizes(model.equals("tiny") ? 9 : 64, model.equals("tiny") ? 10 : 64)
                        .optimizer(OptimizerSpec.sgdMomentum(0.9)).learningRate(LearningRateSchedule.paper())
                        .lambda(LambdaSchedule.paper()).shuffle(true).seed(1).device(device).metricsEvery(every).build())) {
            for (int i = 0; i < warmup; i++) {
                trainer.step();
            }
            long rssWarm = statusKiB("VmRSS:");
            block = every > 1 ? every : block;
            int timed = steps / block;
            double[] micros = new double[timed];
            for (int i = 0; i < timed; i++) {
                long start = System.nanoTime();
                if (every == 1) {
                    for (int j = 0; j < block; j++) {
                        trainer.step();
                    }
                } else {
                    trainer.run(every, null);
                }
                micros[i] = (System.nanoTime() - start) / 1e3 / block;
            }
            steps = timed;
            long rssEnd = statusKiB("VmRSS:");
            Arrays.sort(micros);
            System.out.printf("impl=java model=%s device=%s threads=%d metrics_every=%d block=%d steps=%d median_us=%.1f min_us=%.1f max_us=%.1f "
                            + "rss_warm_kib=%d rss_end_kib=%d peak_rss_kib=%d%n",
                    model, device, threads, every, block, steps, micros[steps / 2], micros[0], micros[steps - 1], rssWarm, rssEnd,
                    statusKiB("VmHWM:"));
        }
    }

    static DannModel model(String name) {
        return switch (name) {
            // the parity tests' seed model: tanh, sigmoid domain outputs
            case "tiny" -> DannModel.mlp(2).features(3, 4).classifier(7, 8).discriminator(5, 6)
                    .activation(Activation.TANH).domainOutput(DomainOutput.PROBABILITIES).build();
            // shallow DANN on 400-d review features (Ganin et al.'s Amazon reviews setting)
            case "shallow" -> DannModel.mlp(400).features(100).classifier(2).discriminator(1)
                    .activation(Activation.SIGMOID).build();
            case "digits" -> DannModel.digits(3, 28, 10);
            default -> throw new IllegalArgumentException("--model must be tiny, shallow or digits, got " + name);
        };
    }

    static TensorDataset data(String model, boolean source) {
        try (PointerScope scope = new PointerScope()) {
            Tensor x;
            long classes;
            switch (model) {
                case "tiny" -> {
                    x = torch.randn(1000, 2);
                    classes = 8;
                    if (!source) {
                        x = x.add(new Scalar(1.5));
                    }
                }
                case "shallow" -> {
                    x = torch.randn(2000, 400);
                    classes = 2;
                    if (!source) {
                        x = x.add(new Scalar(0.5));
                    }
                }
                default -> {
                    x = torch.randn(512, 3, 28, 28);
                    classes = 10;
                }
            }
            return source ? TensorDataset.labelled(x, torch.randint(classes, new long[] {x.size(0)}))
                    : TensorDataset.unlabelled(x);
        }
    }

    private static long statusKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
