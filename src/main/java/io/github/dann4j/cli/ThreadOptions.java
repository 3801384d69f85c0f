package io.github.dann4j.cli;

import io.github.dann4j.runtime.Threads;
import picocli.CommandLine.Option;

/**
 * libtorch's intra-op thread count (and its BLAS's), see {@link Threads}. Without the option,
 * training uses dann4j's default ({@value Threads#DEFAULT_TRAINING_THREADS}, chosen from
 * BENCHMARKS.md) and inference libtorch's (one per core).
 */
final class ThreadOptions {
    @Option(names = "--threads", description = "libtorch intra-op threads (default: " + Threads.DEFAULT_TRAINING_THREADS
            + " for training, one per core for inference).")
    Integer threads;

    void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            Threads.set(threads);
        }
    }
}
