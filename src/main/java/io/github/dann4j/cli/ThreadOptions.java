package io.github.dann4j.cli;

import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine.Option;

/**
 * libtorch's intra-op thread count. libtorch defaults to one thread per core; on the 2-core
 * development machine the digits network trained 2.3x faster with 1 thread than with 2 (see the
 * README), so long runs there want {@code --threads 1}.
 */
final class ThreadOptions {
    @Option(names = "--threads", description = "libtorch intra-op threads (default: libtorch's, one per core).")
    Integer threads;

    void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            torch.set_num_threads(threads);
        }
    }
}
