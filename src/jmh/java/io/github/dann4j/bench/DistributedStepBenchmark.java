package io.github.dann4j.bench;

import io.github.dann4j.distributed.DistributedConfig;
import io.github.dann4j.distributed.ProcessGroup;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Times data-parallel {@link DannTrainer#step()} for {@code scripts/distributed_benchmark.py}: one
 * process of a run of {@code WORLD_SIZE} (torchrun's variables; none: one process), the shallow
 * MLP or the digits network of {@link StepBenchmark}, batch {@code --batch} per domain and rank,
 * one thread. Rank 0 (or the only process) prints one line of key=value pairs: steps per second
 * over the timed steps, milliseconds per step in the gradient allreduce (waiting for the slower
 * rank included), its bytes per step, and the same allreduce alone: after a barrier, 50
 * back-to-back allreduces of a buffer of that size (the transfer without the wait).
 *
 * <pre>java ... DistributedStepBenchmark --model shallow|digits --batch B [--warmup N] [--steps N]</pre>
 */
public final class DistributedStepBenchmark {
    private DistributedStepBenchmark() {}

    public static void main(String[] args) {
        String model = "shallow";
        int batch = 64;
        int warmup = 100;
        int steps = 1000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--model" -> model = args[i + 1];
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Threads.set(1);
        torch.manual_seed(0);
        ProcessGroup group = DistributedConfig.requested(System.getenv())
                ? ProcessGroup.connect(DistributedConfig.fromEnvironment(System.getenv())) : null;
        TrainingConfig config = TrainingConfig.builder().steps(warmup + steps).batchSizes(batch, batch).seed(1).build();
        try (group; DannModel dann = StepBenchmark.model(model);
                TensorDataset source = StepBenchmark.data(model, true);
                TensorDataset target = StepBenchmark.data(model, false);
                DannTrainer trainer = new DannTrainer(dann, source, target, config, group)) {
            for (int i = 0; i < warmup; i++) {
                trainer.step();
            }
            double allreduceBefore = trainer.allreduceSeconds();
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainer.step();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double alone = group == null ? 0 : allreduceAlone(group, trainer.allreduceBytesPerStep());
            if (trainer.isPrimary()) {
                System.out.printf(java.util.Locale.ROOT, "model=%s world=%d batch=%d steps=%d steps_per_s=%.3f"
                        + " allreduce_ms_per_step=%.4f allreduce_bytes_per_step=%d allreduce_alone_ms=%.4f%n", model,
                        trainer.worldSize(), batch, steps, steps / seconds,
                        (trainer.allreduceSeconds() - allreduceBefore) * 1e3 / steps, trainer.allreduceBytesPerStep(),
                        alone);
            }
        }
    }

    /** Milliseconds per allreduce of {@code bytes} of float32, median of 50 after a barrier. */
    private static double allreduceAlone(ProcessGroup group, long bytes) {
        try (PointerScope scope = new PointerScope()) {
            Tensor buffer = torch.ones(bytes / 4);
            double[] ms = new double[50];
            group.barrier();
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                group.allreduceSum(buffer);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(ms);
            return ms[ms.length / 2];
        }
    }
}
