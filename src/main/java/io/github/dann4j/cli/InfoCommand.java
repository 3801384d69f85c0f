package io.github.dann4j.cli;

import io.github.dann4j.grl.GradientReversal;
import io.github.dann4j.runtime.Threads;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Versions, the flavour and CUDA, devices, threads, and a check of the native op (identity forward, -lambda*g backward). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print dann4j, libtorch and bytedeco versions, the flavour (CPU or CUDA), CUDA, cuDNN, the"
                + " NVIDIA driver, devices and threads; check the native op; with --model, what a model folder holds.")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--model", paramLabel = "DIR", description = "Also describe this model folder: its task"
            + " (classification or regression), outputs, architecture, dtype and preprocessing.")
    java.nio.file.Path model;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        boolean opWorks = checkOp();
        out.println("dann4j             " + Version.dann4j());
        out.println("bytedeco pytorch   " + GradientReversal.bytedecoPytorchVersion());
        out.println("libtorch headers   " + GradientReversal.compiledTorchVersion() + " (the native op was compiled against)");
        out.println("native library     " + GradientReversal.nativeLibraryPath());
        CudaReport.print(out);
        out.println("intra-op threads   " + torch.get_num_threads() + " (training: 1 for steps under "
                + Threads.SMALL_STEP_MULTIPLY_ADDS / 1_000_000 + "M multiply-adds, else one per core; --threads or -D"
                + Threads.PROPERTY + " to choose)");
        out.println("JavaCPP GC hooks   " + ("true".equals(System.getProperty(Main.NO_POINTER_GC)) ? "off" : "on")
                + " (native memory is freed by owners and PointerScopes)");
        out.println("gradient reversal  " + (opWorks ? "ok (forward identity, backward -lambda*g)" : "FAILED"));
        if (model != null) {
            try (io.github.dann4j.model.TrainedModel trained = io.github.dann4j.model.TrainedModel.load(model)) {
                io.github.dann4j.model.ModelDescription d = trained.description();
                out.println("model              " + model + ": " + d.task() + ", " + d.classes()
                        + (d.task() == io.github.dann4j.nn.Task.REGRESSION ? " predicted values" : " classes")
                        + ", format " + d.formatVersion());
                out.println("                   " + d);
            }
        }
        out.flush();
        return opWorks ? 0 : 1;
    }

    private static boolean checkOp() {
        double lambda = 0.5;
        try (PointerScope scope = new PointerScope()) {
            Tensor x = torch.randn(3, 4).requires_grad_(true);
            Tensor y = GradientReversal.apply(x, lambda);
            Tensor upstream = torch.randn(3, 4);
            y.backward(upstream, new BoolOptional(), false, new TensorArrayRefOptional());
            return y.equal(x) && x.grad().equal(upstream.mul(new Scalar(-lambda)));
        }
    }

    /** The version from the jar's manifest, or "development build". */
    static final class Version implements CommandLine.IVersionProvider {
        static String dann4j() {
            String version = Main.class.getPackage().getImplementationVersion();
            return version == null ? "development build" : version;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"dann4j " + dann4j() + " (bytedeco pytorch " + GradientReversal.bytedecoPytorchVersion() + ")"};
        }
    }
}
