package io.github.dann4j.internal;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.Loader;

/**
 * Loads bytedeco's libtorch so that no other libtorch on the machine is bound in its place.
 *
 * <p>JavaCPP loads the preset's libraries in the order c10, torch, torch_cpu. bytedeco's
 * {@code libtorch.so} is a stub whose one dependency is {@code libtorch_cpu.so}, so the dynamic
 * linker looks that name up while bytedeco's copy is not loaded yet: first in
 * {@code LD_LIBRARY_PATH}, then next to the stub (where it is only from the second run on, once
 * JavaCPP has unpacked it into its cache), then in the system folders. Debian's
 * {@code libtorch-dev} (recommended by {@code python3-torch}) puts a libtorch 1.13 under that very
 * name in {@code /usr/lib/x86_64-linux-gnu}; two libtorch versions in one process then crash it.
 * Loading the bundled libraries by absolute path in dependency order, {@code libtorch_cpu.so}
 * before the stub, leaves the linker nothing to look up.
 *
 * <p>A CUDA build first loads NVIDIA's libraries the same way ({@link CudaLibraries}); where it then
 * finds no usable GPU it logs one warning and everything runs on the CPU.
 *
 * <p>Every dann4j entry point calls {@link #load()} before it touches {@code org.bytedeco.pytorch};
 * code that uses bytedeco's classes before any of dann4j's should call it first too.
 */
public final class Libtorch {
    /** The libraries that must be bytedeco's: everything else builds on these two. */
    private static final Pattern CORE = Pattern.compile("/lib(c10|torch_cpu)\\.so(\\.[0-9.]+)?$");
    private static boolean loaded;

    private Libtorch() {}

    /**
     * Loads bytedeco's libtorch (idempotent).
     *
     * @throws UnsatisfiedLinkError if another libtorch is mapped into the process anyway, naming it, or
     *     a CUDA build's CUDA libraries are missing, naming them
     */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        CudaLibraries.load(); // before libtorch_cpu.so, which a CUDA build links against libcudart
        Class<?> presets = org.bytedeco.pytorch.presets.torch.class; // a class literal initializes nothing
        ClassProperties properties = Loader.loadProperties(presets, Loader.loadProperties(), true);
        // What JavaCPP does first too: the presets torch builds on (openblas, whose libopenblas.so.0
        // libtorch_cpu.so needs) load their own libraries by absolute path.
        for (String global : properties.get("global")) {
            if (!global.startsWith("org.bytedeco.pytorch.")) {
                try {
                    Class.forName(global, true, presets.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new NoClassDefFoundError(e.toString());
                }
            }
        }
        List<String> order = new ArrayList<>(properties.get("platform.preload"));
        order.addAll(properties.get("platform.link"));
        if (order.remove("torch_cpu")) {
            order.add(Math.max(0, order.indexOf("torch")), "torch_cpu");
        }
        List<String> ours = new ArrayList<>();
        for (String library : order) {
            URL[] urls = Loader.findLibrary(presets, properties, library, false);
            if (urls.length == 0) {
                continue; // not in the jars (CUDA, for one): JavaCPP decides below as usual
            }
            try {
                ours.add(Loader.loadLibrary(presets, urls, library, ours.toArray(new String[0])));
            } catch (UnsatisfiedLinkError e) {
                // as JavaCPP does with preloads: the load below reports what really matters
            }
        }
        Loader.load(org.bytedeco.pytorch.global.torch.class);
        checkNoForeignLibtorch(ours);
        loaded = true;
        if (CudaLibraries.isCudaBuild() && !org.bytedeco.pytorch.global.torch.cuda_is_available()) {
            org.slf4j.LoggerFactory.getLogger(Libtorch.class).warn(CudaLibraries.cpuFallbackWarning());
        }
    }

    /** Refuses to go on when a libc10 or libtorch_cpu that is not bytedeco's is mapped. */
    private static void checkNoForeignLibtorch(List<String> ours) {
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException e) {
            return; // no procfs: nothing to check against
        }
        Set<Path> allowed = new HashSet<>();
        for (String file : ours) {
            try {
                allowed.add(Path.of(file).toRealPath());
            } catch (IOException e) {
                allowed.add(Path.of(file));
            }
        }
        for (String line : maps) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String file = line.substring(slash);
            if (CORE.matcher(file).find() && !allowed.contains(Path.of(file))) {
                throw new UnsatisfiedLinkError("a libtorch other than bytedeco's is loaded: " + file
                        + "; remove it from LD_LIBRARY_PATH or load dann4j before other libtorch users");
            }
        }
    }
}
