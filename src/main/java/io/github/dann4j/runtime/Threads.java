package io.github.dann4j.runtime;

import io.github.dann4j.internal.Libtorch;
import org.bytedeco.pytorch.global.torch;

/**
 * How many threads libtorch's CPU kernels use, and dann4j's default for training.
 *
 * <p>Two pools do the work on a CPU: ATen's OpenMP pool (convolutions, element-wise ops), sized
 * by {@code torch.set_num_threads}, and the BLAS's own pool for matrix products. bytedeco's
 * libtorch uses OpenBLAS, whose pool is <em>not</em> resized by {@code torch.set_num_threads} and
 * starts with one busy-waiting thread per core. With a thread count of 1 for ATen but 2 for
 * OpenBLAS, one step of the shallow MLP took 204 ms instead of 1.6 ms in the C++ step benchmark on
 * the loaded 2-core development machine (BENCHMARKS.md). {@link #set} therefore sizes both.
 *
 * <p>Default policy, from BENCHMARKS.md: {@value #DEFAULT_TRAINING_THREADS} thread for
 * training. On the measured machine a second thread never paid for itself and cost up to
 * several times the step time once another process competed for the cores. A trainer applies
 * this default only while the count is still libtorch's own (one per core); a count chosen
 * through {@link #set}, the system property {@value #PROPERTY} or {@code torch.set_num_threads}
 * is kept (and the BLAS pool is sized to match it).
 */
public final class Threads {
    /** System property ({@code -Ddann4j.threads=N}) that fixes the thread count for the whole JVM. */
    public static final String PROPERTY = "dann4j.threads";
    /** The training default chosen from the benchmarks. */
    public static final int DEFAULT_TRAINING_THREADS = 1;

    private static boolean chosen;

    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private Threads() {}

    /**
     * Sets the intra-op thread count of libtorch and of its BLAS, for the whole process.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static synchronized void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the thread count must be at least 1, got " + threads);
        }
        torch.set_num_threads(threads);
        Blas.setThreads(threads);
        chosen = true;
    }

    /** The current intra-op thread count. */
    public static int get() {
        return torch.get_num_threads();
    }

    /**
     * Applies the training default unless a count was chosen: by {@link #set}, or by the system
     * property {@value #PROPERTY} (read here). Called when a trainer is created.
     *
     * @throws IllegalArgumentException if the property is set but is not a positive integer
     */
    public static synchronized void applyTrainingDefault() {
        if (chosen) {
            return;
        }
        String property = System.getProperty(PROPERTY);
        if (property != null) {
            int threads;
            try {
                threads = Integer.parseInt(property.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive integer, got '" + property + "'");
            }
            set(threads);
        } else if (torch.get_num_threads() != Runtime.getRuntime().availableProcessors()) {
            set(torch.get_num_threads()); // the caller's own torch.set_num_threads
        } else {
            set(DEFAULT_TRAINING_THREADS);
        }
    }
}
