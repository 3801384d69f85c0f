package io.github.dann4j.cli;

import io.github.dann4j.runtime.Limits;
import io.github.dann4j.runtime.Threads;
import picocli.CommandLine.Option;

/**
 * libtorch's intra-op thread count, see {@link Threads}. Without the option, training uses dann4j's
 * default (by the size of a step) and inference libtorch's count (one per core); OpenBLAS is kept
 * at one thread either way.
 */
final class ThreadOptions {
    @Option(names = "--threads", description = "libtorch intra-op threads (default: 1 for small models and one per"
            + " core for larger ones when training, one per core for inference; at most 4 per core unless"
            + " -Ddann4j.limit.threads=N).")
    Integer threads;

    /** Applies --threads; without it, leaves the count to the trainer and only sets OpenBLAS to one thread. */
    void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            Limits.requireThreads(threads, "--threads");
            Threads.set(threads);
        } else {
            Threads.keepCountAlignBlas();
        }
    }
}
