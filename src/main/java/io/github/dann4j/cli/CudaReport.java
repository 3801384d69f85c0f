package io.github.dann4j.cli;

import io.github.dann4j.internal.CudaLibraries;
import io.github.dann4j.runtime.CudaStatus;
import java.io.PrintWriter;
import java.util.List;

/** The {@code info} lines on the flavour, CUDA, cuDNN, the NVIDIA driver and the devices. */
final class CudaReport {
    private CudaReport() {}

    static void print(PrintWriter out) {
        boolean cudaBuild = CudaLibraries.isCudaBuild();
        String driver = CudaStatus.driver();
        List<String> gpus = CudaStatus.gpus();
        if (cudaBuild) {
            out.println("flavour            cuda (bytedeco's linux-x86_64-gpu libtorch; CUDA libraries from "
                    + CudaLibraries.folder() + ")");
            out.println("CUDA               runtime " + orUnknown(CudaStatus.cudaRuntime()) + ", cuDNN "
                    + orUnknown(CudaStatus.cudnnRuntime()) + " (provisioned: CUDA " + CudaLibraries.cudaVersion()
                    + ", cuDNN " + CudaLibraries.cudnnVersion() + ")");
        } else {
            out.println("flavour            cpu (bytedeco's linux-x86_64 libtorch; `DANN4J_FLAVOR=cuda ./dann4j` or"
                    + " `mvn -Pcuda package` builds the CUDA flavour)");
            out.println("CUDA               none (CPU build)");
        }
        out.println("NVIDIA driver      " + (driver == null
                ? "none (no NVIDIA kernel driver loaded: /proc/driver/nvidia/version absent)" : driver));
        out.println("devices            " + devices(cudaBuild, driver, gpus));
    }

    private static String devices(boolean cudaBuild, String driver, List<String> gpus) {
        int count = CudaStatus.deviceCount();
        if (count > 0) {
            StringBuilder line = new StringBuilder("cpu");
            for (int i = 0; i < count; i++) {
                line.append(", cuda:").append(i).append(i < gpus.size() ? " " + gpus.get(i) : "");
            }
            return line.toString();
        }
        String reason;
        if (!cudaBuild) {
            reason = gpus.isEmpty() ? "CPU build" : "CPU build; the driver lists " + String.join(", ", gpus);
        } else if (driver == null) {
            reason = "no NVIDIA driver";
        } else if (gpus.isEmpty()) {
            reason = "the NVIDIA driver lists no GPU";
        } else {
            reason = "libtorch sees none of " + String.join(", ", gpus) + "; CUDA 13.1 needs driver 580 or later";
        }
        return "cpu (CUDA not available: " + reason + ")";
    }

    private static String orUnknown(String version) {
        return version == null ? "unknown" : version;
    }
}
