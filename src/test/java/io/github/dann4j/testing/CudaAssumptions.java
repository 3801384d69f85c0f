package io.github.dann4j.testing;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;

/** Skips CUDA tests where CUDA is absent, printing the reason so it shows in the build log. */
public final class CudaAssumptions {
    private static final String REASON = "CUDA is not available to this libtorch (CPU build, or no GPU/driver); "
            + "run `mvn -Pcuda verify` on a machine with an NVIDIA GPU";

    private CudaAssumptions() {}

    public static void requireCuda(Class<?> testClass) {
        boolean available = torch.cuda_is_available();
        if (!available) {
            System.out.println("SKIPPED " + testClass.getSimpleName() + ": " + REASON);
        }
        Assumptions.assumeTrue(available, REASON);
    }
}
