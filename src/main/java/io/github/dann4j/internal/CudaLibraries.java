package io.github.dann4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * NVIDIA's CUDA and cuDNN libraries for a CUDA build of dann4j, loaded by absolute path.
 *
 * <p>bytedeco's GPU libtorch names {@code libcudart.so.13}, {@code libcudnn.so.9} and the rest by
 * soname only, with a RUNPATH of {@code /usr/local/cuda/lib64}, so whichever CUDA the dynamic
 * linker meets first would be bound. The build records the folder it provisioned (or took from
 * {@code DANN4J_CUDA_HOME}) in the resource {@code cuda-libraries.properties}; loading every
 * library from there, in dependency order, before libtorch leaves the linker nothing to look up.
 * A CPU build has no such resource, and {@link #load()} does nothing.
 *
 * <p>At run time {@code DANN4J_CUDA_HOME} (or {@code -Ddann4j.cuda.home}) overrides the recorded
 * folder.
 */
public final class CudaLibraries {
    /** The system property that overrides the recorded folder; the environment variable is DANN4J_CUDA_HOME. */
    public static final String HOME_PROPERTY = "dann4j.cuda.home";
    private static final String RESOURCE = "cuda-libraries.properties";
    private static final String HOME_VARIABLE = "DANN4J_CUDA_HOME";

    private static Properties recorded;
    private static boolean read;
    private static Path loadedFrom;

    private CudaLibraries() {}

    /** Whether this is a CUDA build (bytedeco's GPU libtorch), whatever the machine has. */
    public static boolean isCudaBuild() {
        return record() != null;
    }

    /** The CUDA version the build provisioned (e.g. "13.1.1"), or null for a CPU build. */
    public static String cudaVersion() {
        return isCudaBuild() ? record().getProperty("cuda") : null;
    }

    /** The cuDNN version the build provisioned (e.g. "9.19.0"), or null for a CPU build. */
    public static String cudnnVersion() {
        return isCudaBuild() ? record().getProperty("cudnn") : null;
    }

    /** The folder the libraries were loaded from, or null before {@link #load()} or in a CPU build. */
    public static synchronized Path folder() {
        return loadedFrom;
    }

    /**
     * Loads every recorded library from its folder (idempotent; nothing in a CPU build).
     *
     * @throws UnsatisfiedLinkError with one line naming the missing folder or library
     */
    public static synchronized void load() {
        Properties record = record();
        if (record == null || loadedFrom != null) {
            return;
        }
        Path folder = folder(record);
        List<String> libraries = libraries(record);
        List<String> missing = new ArrayList<>();
        for (String library : libraries) {
            if (!Files.isRegularFile(folder.resolve(library))) {
                missing.add(library);
            }
        }
        if (!missing.isEmpty()) {
            throw new UnsatisfiedLinkError(missingMessage(record, folder, missing));
        }
        for (String library : libraries) {
            try {
                System.load(folder.resolve(library).toAbsolutePath().toString());
            } catch (UnsatisfiedLinkError e) {
                throw new UnsatisfiedLinkError("this CUDA build of dann4j could not load " + folder.resolve(library)
                        + ": " + Messages.of(e));
            }
        }
        loadedFrom = folder;
    }

    /** The one warning of a CUDA build that finds no usable GPU (libtorch then runs on the CPU). */
    static String cpuFallbackWarning() {
        String why = Files.isReadable(Path.of("/proc/driver/nvidia/version"))
                ? "the NVIDIA driver offers no GPU that CUDA " + cudaVersion() + " can use (it needs driver 580 or later)"
                : "no NVIDIA driver: /proc/driver/nvidia/version absent";
        return "this CUDA build of dann4j finds no usable GPU (" + why + "); running on the CPU: --device auto means"
                + " cpu, --device cuda fails";
    }

    private static String missingMessage(Properties record, Path folder, List<String> missing) {
        String what = missing.size() == 1 ? missing.get(0)
                : missing.get(0) + " and " + (missing.size() - 1) + " more CUDA libraries";
        String where = Files.isDirectory(folder) ? what + " is missing from " + folder : folder + " does not exist";
        String start = "this CUDA build of dann4j needs NVIDIA's CUDA " + record.getProperty("cuda") + " and cuDNN "
                + record.getProperty("cudnn") + " libraries, but " + where;
        String chosen = chosenHome();
        if (chosen != null) {
            return start + " (" + chosen + "); point it at a CUDA 13 folder with cuDNN 9, or unset it to use the"
                    + " libraries the build provisioned";
        }
        return start + " (the folder the build provisioned); `mvn -Pcuda package` provisions them again, or set "
                + HOME_VARIABLE + " to a CUDA 13 folder with cuDNN 9";
    }

    /** Which setting chose the folder ("-Ddann4j.cuda.home", "DANN4J_CUDA_HOME"), or null for the recorded one. */
    private static String chosenHome() {
        if (System.getProperty(HOME_PROPERTY) != null && !System.getProperty(HOME_PROPERTY).isBlank()) {
            return "-D" + HOME_PROPERTY;
        }
        String variable = System.getenv(HOME_VARIABLE);
        return variable == null || variable.isBlank() ? null : HOME_VARIABLE;
    }

    /** The user's folder (its lib64/ or lib/ when those hold the libraries), else the recorded one. */
    private static Path folder(Properties record) {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            home = System.getenv(HOME_VARIABLE);
        }
        if (home == null || home.isBlank()) {
            return Path.of(record.getProperty("dir", ""));
        }
        Path base = Path.of(home);
        for (String sub : new String[] {"lib64", "lib", "targets/x86_64-linux/lib"}) {
            if (Files.isRegularFile(base.resolve(sub).resolve("libcudart.so.13"))) {
                return base.resolve(sub);
            }
        }
        return Files.isDirectory(base.resolve("lib64")) ? base.resolve("lib64") : base;
    }

    private static List<String> libraries(Properties record) {
        List<String> names = new ArrayList<>();
        for (String name : record.getProperty("libraries", "").split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private static synchronized Properties record() {
        if (!read) {
            read = true;
            try (InputStream in = CudaLibraries.class.getResourceAsStream(RESOURCE)) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    recorded = properties;
                }
            } catch (IOException e) {
                throw new UnsatisfiedLinkError("cannot read " + RESOURCE + " in the dann4j jar: " + Messages.of(e));
            }
        }
        return recorded;
    }
}
