package io.github.dann4j.runtime;

import io.github.dann4j.internal.Libtorch;
import org.bytedeco.pytorch.global.torch;

/**
 * How many threads libtorch's CPU kernels use, and dann4j's default for training.
 *
 * <p>Two pools do the work on a CPU: ATen's OpenMP pool (convolutions, element-wise ops), sized
 * by {@code torch.set_num_threads}, and OpenBLAS's own pthread pool for matrix products, which
 * bytedeco's libtorch uses and {@code torch.set_num_threads} leaves alone (it starts with one thread
 * per core). Both pools spin while they wait for work, so with two of each on two cores they take
 * the cores from each other: in the C++ step benchmark (BENCHMARKS.md) one step of the shallow MLP
 * took 32 ms with 2 OpenMP + 2 OpenBLAS threads against 1.1 ms with 2 + 1, and the digits network
 * 172 ms against 68 ms. {@link #set} therefore sizes ATen's pool and keeps OpenBLAS at one thread:
 * matrix products run on the calling thread, everything else in parallel.
 *
 * <p>Training default, from the same measurements: one thread when a training step is small
 * (under {@value #SMALL_STEP_MULTIPLY_ADDS} multiply-adds in the forward pass of both batches: the
 * tiny and shallow MLPs, 2.9 thousand and 5.2 million, gained nothing from a second thread), one
 * per core otherwise (the digits network, 513 million, ran 1.8 times faster with 2 threads than
 * with 1), and one per core when the model does not say. A trainer applies it unless a count was
 * chosen through {@link #set}, the system property {@value #PROPERTY}, or
 * {@code torch.set_num_threads} (then only OpenBLAS is set to one thread). On a machine that other
 * work keeps busy, one thread is the safer choice: {@code -Ddann4j.threads=1} or {@code --threads 1}.
 */
public final class Threads {
    /** System property ({@code -Ddann4j.threads=N}) that fixes the thread count for the whole JVM. */
    public static final String PROPERTY = "dann4j.threads";
    /** Steps with fewer forward multiply-adds than this train on one thread by default. */
    public static final long SMALL_STEP_MULTIPLY_ADDS = 100_000_000L;

    private static boolean chosen;

    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private Threads() {}

    /**
     * Sets libtorch's intra-op thread count for the whole process (and OpenBLAS's to one).
     *
     * @throws IllegalArgumentException if {@code threads < 1} or above {@link Limits#threads()}
     *     ({@value Limits#THREADS_PER_PROCESSOR} per available processor unless
     *     {@code -Ddann4j.limit.threads} says otherwise): starting a million threads hangs the process
     */
    public static synchronized void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the thread count must be at least 1, got " + threads);
        }
        Limits.requireThreads(threads, "a thread count");
        torch.set_num_threads(threads);
        Blas.setThreads(1);
        chosen = true;
    }

    /**
     * Keeps the intra-op thread count as it is but sets OpenBLAS to one thread (see the class
     * comment), without counting as a choice: a trainer created later still applies its default.
     */
    public static synchronized void keepCountAlignBlas() {
        Blas.setThreads(1);
    }

    /** The current intra-op thread count. */
    public static int get() {
        return torch.get_num_threads();
    }

    /**
     * The training default for steps of {@code multiplyAddsPerStep} forward multiply-adds (0 when
     * unknown): 1 below {@link #SMALL_STEP_MULTIPLY_ADDS}, otherwise one per core.
     */
    public static int trainingDefault(long multiplyAddsPerStep) {
        if (multiplyAddsPerStep > 0 && multiplyAddsPerStep < SMALL_STEP_MULTIPLY_ADDS) {
            return 1;
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Applies {@link #trainingDefault} unless a count was chosen: by {@link #set}, by the system
     * property {@value #PROPERTY} (read here), or by a {@code torch.set_num_threads} call of the
     * caller's (kept, with OpenBLAS set to one thread). Called when a trainer is created.
     *
     * @throws IllegalArgumentException if the property is set but is not a positive integer
     */
    public static synchronized void applyTrainingDefault(long multiplyAddsPerStep) {
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
            set(trainingDefault(multiplyAddsPerStep));
        }
    }
}
