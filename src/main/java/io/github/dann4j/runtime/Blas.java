package io.github.dann4j.runtime;

import org.bytedeco.openblas.global.openblas_nolapack;

/** The BLAS that bytedeco's libtorch calls for matrix products: OpenBLAS, with its own thread pool. */
final class Blas {
    private Blas() {}

    /** Sizes OpenBLAS's pool; libtorch's set_num_threads does not (it sizes only OpenMP and MKL). */
    static void setThreads(int threads) {
        // the same libopenblas.so.0 that libtorch_cpu.so links: bytedeco loads both from its cache
        openblas_nolapack.blas_set_num_threads(threads);
    }

    /** OpenBLAS's current pool size. */
    static int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }
}
