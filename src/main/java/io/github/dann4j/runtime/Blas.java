package io.github.dann4j.runtime;

import org.bytedeco.openblas.global.openblas_nolapack;

/** The BLAS that bytedeco's libtorch calls for matrix products: OpenBLAS, with its own thread pool. */
final class Blas {
    private Blas() {}

    /** Sizes OpenBLAS's pool, which libtorch's set_num_threads leaves alone (it sizes OpenMP and MKL only). */
    static void setThreads(int threads) {
        // the same libopenblas.so.0 that libtorch_cpu.so links: bytedeco loads both from its cache
        openblas_nolapack.blas_set_num_threads(threads);
    }

    /** OpenBLAS's current pool size. */
    static int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }
}
