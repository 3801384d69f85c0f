package io.github.dann4j.bench;

import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;

/**
 * Long-run measurements of the trainer (not unit tests):
 * <ul>
 *   <li>{@code soak STEPS}: trains the shallow MLP DANN for STEPS steps and samples resident
 *       memory (VmRSS), JavaCPP's tracked native bytes and the Java heap every 1,000 steps;
 *   <li>{@code throughput THREADS}: median step time of the MLP and of the digits network.
 * </ul>
 * Run: {@code mvn -Pjmh test-compile exec:exec@harness -Dharness.args="soak 20000"}.
 */
public final class TrainingHarness {
    private TrainingHarness() {}

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "soak";
        if (mode.equals("soak")) {
            soak(args.length > 1 ? Long.parseLong(args[1]) : 20_000);
        } else if (mode.equals("throughput")) {
            throughput(args.length > 1 ? Integer.parseInt(args[1]) : torch.get_num_threads());
        } else {
            throw new IllegalArgumentException("mode must be soak or throughput, got " + mode);
        }
    }

    private static TensorDataset blobs(long n, double shift, boolean labelled) {
        try (PointerScope scope = new PointerScope()) {
            var x = torch.randn(n, 2).add(new org.bytedeco.pytorch.Scalar(shift));
            var y = torch.randint(2, new long[] {n});
            return labelled ? TensorDataset.labelled(x, y) : TensorDataset.unlabelled(x);
        }
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void soak(long steps) throws IOException {
        torch.manual_seed(0);
        long warmup = Math.min(2_000, steps / 10);
        try (DannModel model = DannModel.mlp(2).features(15).classifier(2).discriminator(1)
                        .activation(Activation.SIGMOID).build();
                TensorDataset source = blobs(2_000, 0, true);
                TensorDataset target = blobs(2_000, 1, false);
                DannTrainer trainer = new DannTrainer(model, source, target,
                        TrainingConfig.builder().steps(steps).batchSizes(32, 32).build())) {
            System.out.printf("soak: shallow MLP DANN (2 -> 15 -> 2 / 1), batches 32 + 32, %d steps, %d intra-op threads%n",
                    steps, torch.get_num_threads());
            System.out.println("step,rss_kib,javacpp_physical_kib,javacpp_tracked_kib,heap_used_kib,heap_committed_kib");
            long rssAtWarmup = 0;
            long trackedAtWarmup = 0;
            long rss = 0;
            long tracked = 0;
            long started = System.nanoTime();
            while (trainer.currentStep() < steps) {
                trainer.step();
                long step = trainer.currentStep();
                if (step % 1_000 == 0 || step == warmup) {
                    Runtime runtime = Runtime.getRuntime();
                    rss = rssKiB();
                    tracked = Pointer.totalBytes() / 1024;
                    System.out.printf("%d,%d,%d,%d,%d,%d%n", step, rss, Pointer.physicalBytes() / 1024, tracked,
                            (runtime.totalMemory() - runtime.freeMemory()) / 1024, runtime.totalMemory() / 1024);
                    if (step == warmup) {
                        rssAtWarmup = rss;
                        trackedAtWarmup = tracked;
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // With a large maximum heap the JVM lets garbage (spent Pointer objects) pile up before
            // collecting, and RSS follows the heap; run with a bounded heap (-Xmx) to see native memory.
            System.out.printf("soak: %.1f s, %.0f steps/s, max heap %d MiB; growth after step %d: RSS %+.2f%% (%d -> %d KiB); "
                            + "JavaCPP-tracked native bytes %d -> %d KiB%n",
                    seconds, steps / seconds, Runtime.getRuntime().maxMemory() >> 20, warmup,
                    100.0 * (rss - rssAtWarmup) / rssAtWarmup, rssAtWarmup, rss, trackedAtWarmup, tracked);
        }
    }

    private static void throughput(int threads) {
        Threads.set(threads);
        torch.manual_seed(0);
        try (DannModel mlp = DannModel.mlp(2).features(15).classifier(2).discriminator(1).activation(Activation.SIGMOID).build();
                TensorDataset source = blobs(2_000, 0, true);
                TensorDataset target = blobs(2_000, 1, false);
                DannTrainer trainer = new DannTrainer(mlp, source, target,
                        TrainingConfig.builder().steps(100_000).batchSizes(32, 32).build())) {
            report("shallow MLP DANN, batches 32+32", trainer, 200, 2_000, threads);
        }
        try (PointerScope scope = new PointerScope()) {
            var sx = torch.randn(512, 3, 28, 28);
            var sy = torch.randint(10, new long[] {512});
            var tx = torch.randn(512, 3, 28, 28);
            try (DannModel digits = DannModel.digits(3, 28, 10);
                    TensorDataset source = TensorDataset.labelled(sx, sy);
                    TensorDataset target = TensorDataset.unlabelled(tx);
                    DannTrainer trainer = new DannTrainer(digits, source, target,
                            TrainingConfig.builder().steps(100_000).batchSizes(64, 64).build())) {
                report("digits network, 28x28x3, batches 64+64", trainer, 10, 60, threads);
            }
        }
    }

    private static void report(String name, DannTrainer trainer, int warmup, int measured, int threads) {
        for (int i = 0; i < warmup; i++) {
            trainer.step();
        }
        double[] micros = new double[measured];
        for (int i = 0; i < measured; i++) {
            long start = System.nanoTime();
            trainer.step();
            micros[i] = (System.nanoTime() - start) / 1e3;
        }
        Arrays.sort(micros);
        double median = micros[measured / 2];
        System.out.printf("throughput: %-40s threads %d: median %.0f us/step (min %.0f, max %.0f) = %.1f steps/s%n",
                name, threads, median, micros[0], micros[measured - 1], 1e6 / median);
    }
}
