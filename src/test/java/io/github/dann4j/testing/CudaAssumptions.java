package io.github.dann4j.testing;

import io.github.dann4j.runtime.CudaStatus;
import org.junit.jupiter.api.Assumptions;

/** Skips CUDA tests where CUDA is absent, printing the reason so it shows in the build log. */
public final class CudaAssumptions {
    private CudaAssumptions() {}

    public static void requireCuda(Class<?> testClass) {
        boolean available = CudaStatus.available();
        String reason = reason();
        if (!available) {
            System.out.println("SKIPPED " + testClass.getSimpleName() + ": " + reason);
        }
        Assumptions.assumeTrue(available, reason);
    }

    /** Why CUDA is not available here, and what would make it so. */
    private static String reason() {
        if (CudaStatus.flavor().equals("cpu")) {
            return "CUDA is not available to this libtorch (CPU build); run `mvn -Pcuda verify` on a machine with an"
                    + " NVIDIA GPU";
        }
        if (CudaStatus.driver() == null) {
            return "CUDA build, but no NVIDIA driver on this machine (/proc/driver/nvidia/version absent)";
        }
        return "CUDA build with NVIDIA driver " + CudaStatus.driver() + ", but libtorch sees no GPU";
    }
}
