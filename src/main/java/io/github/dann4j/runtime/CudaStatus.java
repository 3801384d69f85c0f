package io.github.dann4j.runtime;

import io.github.dann4j.internal.CudaLibraries;
import io.github.dann4j.internal.Libtorch;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.CUDAHooksInterface;
import org.bytedeco.pytorch.global.torch;

/**
 * What this build and this machine offer for CUDA: the flavour (CPU or CUDA build of libtorch), the
 * CUDA and cuDNN versions loaded, the NVIDIA driver and the GPUs.
 *
 * <p>The driver and the GPU names come from the NVIDIA kernel module's files under
 * {@code /proc/driver/nvidia}, so they are reported even where libtorch cannot use them.
 */
public final class CudaStatus {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private static final Path DRIVER = Path.of("/proc/driver/nvidia");

    private CudaStatus() {}

    /** {@code "cuda"} for a build on bytedeco's GPU libtorch, else {@code "cpu"}. */
    public static String flavor() {
        return CudaLibraries.isCudaBuild() ? "cuda" : "cpu";
    }

    /** Whether libtorch can run on a GPU here (a CUDA build, a driver and at least one GPU). */
    public static boolean available() {
        return CudaLibraries.isCudaBuild() && torch.cuda_is_available();
    }

    /** The CUDA runtime libtorch loaded, e.g. {@code "13.1"}; null in a CPU build. */
    public static String cudaRuntime() {
        long version = hookVersion(true);
        return version <= 0 ? null : (version / 1000) + "." + (version % 1000) / 10;
    }

    /** The cuDNN libtorch loaded, e.g. {@code "9.19.0"}; null in a CPU build. */
    public static String cudnnRuntime() {
        long version = hookVersion(false);
        return version <= 0 ? null : (version / 10000) + "." + (version % 10000) / 100 + "." + version % 100;
    }

    /**
     * The NVIDIA kernel driver's version, e.g. {@code "580.95.05"}, or null where no NVIDIA driver is
     * loaded ({@code /proc/driver/nvidia/version} absent).
     */
    public static String driver() {
        try {
            for (String line : Files.readAllLines(DRIVER.resolve("version"))) {
                String[] words = line.trim().split("\\s+");
                for (String word : words) {
                    if (word.matches("\\d+\\.\\d+(\\.\\d+)?")) {
                        return word;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The GPUs the NVIDIA driver lists (their model names), in bus order; empty without a driver. */
    public static List<String> gpus() {
        List<String> names = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(DRIVER.resolve("gpus"))) {
            stream.forEach(folders::add);
        } catch (IOException | RuntimeException e) {
            return names;
        }
        folders.sort(null);
        for (Path folder : folders) {
            names.add(model(folder.resolve("information")));
        }
        return names;
    }

    /** The GPUs libtorch sees, 0 in a CPU build or without a usable driver. */
    public static int deviceCount() {
        return available() ? torch.cuda_device_count() : 0;
    }

    private static String model(Path information) {
        try {
            for (String line : Files.readAllLines(information)) {
                if (line.startsWith("Model:")) {
                    return line.substring("Model:".length()).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown GPU";
        }
        return "unknown GPU";
    }

    private static long hookVersion(boolean cudart) {
        if (!CudaLibraries.isCudaBuild()) {
            return 0;
        }
        try {
            CUDAHooksInterface hooks = torch.getCUDAHooks();
            return cudart ? hooks.versionCUDART() : hooks.versionRuntimeCuDNN();
        } catch (RuntimeException e) {
            return 0; // libtorch without its CUDA part registered
        }
    }
}
