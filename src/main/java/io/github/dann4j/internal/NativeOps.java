package io.github.dann4j.internal;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.ByVal;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * JavaCPP declarations of dann4j's native code in {@code native/}. Internal: callers go through
 * {@code io.github.dann4j.grl.GradientReversal} and {@code io.github.dann4j.interop.StateDict},
 * which check every argument first; nothing is checked here.
 *
 * <p>Inheriting bytedeco's torch preset lets these functions take and return bytedeco's own
 * {@link Tensor}. The preset's header list is excluded from the generated glue: the glue needs only
 * {@code at::Tensor}, and some of those headers exist only in bytedeco's source tree.
 */
@Properties(
    inherit = org.bytedeco.pytorch.presets.torch.class,
    value = @Platform(
        value = {"linux"},
        include = "gradient_reversal_jni.h",
        exclude = {
            "torch/torch.h", "torch/script.h", "ATen/autocast_mode.h",
            "torch/csrc/inductor/aoti_runner/model_container_runner_cpu.h",
            "torch/csrc/distributed/c10d/ProcessGroupGloo.hpp",
            "torch/csrc/distributed/c10d/PrefixStore.hpp",
            "torch/csrc/distributed/c10d/FileStore.hpp",
            "torch/csrc/distributed/c10d/TCPStore.hpp",
            "torch/csrc/distributed/c10d/logger.hpp",
            "torch/csrc/jit/runtime/instruction.h",
            "torch/csrc/jit/serialization/source_range_serialization.h",
            "torch/csrc/jit/frontend/resolver.h",
            "torch/csrc/jit/frontend/tree_views.h",
            "torch/csrc/jit/serialization/storage_context.h",
            "datasets.h", "pytorch_adapters.h", "gloo/common/logging.cc"},
        library = "jnidann4j"))
@Namespace("dann4j::jni")
public final class NativeOps {
    /** Where the JNI library was loaded from (JavaCPP's cache or the build's classes folder). */
    public static final String LOADED_LIBRARY;
    /** The libtorch version of the headers the op was compiled against. */
    public static final String COMPILED_TORCH_VERSION;

    static {
        // bytedeco's libtorch first: our library's libc10.so / libtorch_cpu.so dependencies then
        // bind, by soname, to those already-loaded copies and never to another libtorch.
        Libtorch.load();
        LOADED_LIBRARY = Loader.load(NativeOps.class);
        COMPILED_TORCH_VERSION = compiled_torch_version();
        // C++ has no stable ABI across libtorch releases: refuse to run against another version
        // rather than fail later in obscure ways. bytedeco's version reads "2.10.0-1.5.13".
        String runtime = bytedecoPytorchVersion();
        if (runtime != null && !runtime.startsWith(COMPILED_TORCH_VERSION + "-")) {
            throw new UnsatisfiedLinkError("dann4j's native op was compiled against libtorch "
                    + COMPILED_TORCH_VERSION + " but bytedeco's pytorch " + runtime
                    + " is on the class path; rebuild dann4j against it or use the matching jar");
        }
    }

    private NativeOps() {}

    /** The version of bytedeco's pytorch jar, e.g. {@code 2.10.0-1.5.13}, or null if unknown. */
    public static String bytedecoPytorchVersion() {
        try {
            return Loader.getVersion("org.bytedeco", "pytorch");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    public static native @ByVal Tensor gradient_reversal(@Const @ByRef Tensor input, double lambda);

    /**
     * Writes {@code pickle} (its first {@code size} bytes) as data.pkl and {@code storages[i]} as
     * data/i in torch.save's zip format. Storages must be whole contiguous CPU tensors.
     */
    public static native void save_archive(@StdString String path, @Cast("const char*") BytePointer pickle, long size,
            @Const @ByRef TensorVector storages);

    /** Fills names ("<i>.<field>") and detached copies of the optimizer's per-parameter state (SGD, Adam). */
    public static native void optimizer_state(@Const @ByRef Optimizer optimizer, @ByRef StringVector names,
            @ByRef TensorVector values);

    /** Replaces the optimizer's state by named tensors, after checking all of them; unchanged on error. */
    public static native void set_optimizer_state(@ByRef Optimizer optimizer, @Const @ByRef StringVector names,
            @Const @ByRef TensorVector values);

    /** Starts counting libtorch's CPU tensor allocations (whole process). For the benchmarks. */
    public static native void start_counting_cpu_allocations();

    /** Stops counting; {@code bytes[0]} and {@code calls[0]} receive what was allocated since the start. */
    public static native void stop_counting_cpu_allocations(long[] bytes, long[] calls);

    /**
     * A TCP socket bound to {@code host} (an IPv4 or IPv6 literal) and {@code port}, listening:
     * its descriptor, which the caller hands to c10d (TCPStoreOptions.masterListenFd; c10d closes
     * it), or -errno on failure (nothing left open).
     */
    public static native int listening_socket(@StdString String host, int port, int backlog);

    static native @StdString String compiled_torch_version();
}
