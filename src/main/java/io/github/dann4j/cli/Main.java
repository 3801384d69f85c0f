package io.github.dann4j.cli;

import io.github.dann4j.grl.GradientReversal;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The command-line entry point. For now it runs a short smoke run of the native op: one forward
 * and backward of gradient reversal, checked against the identity and {@code -lambda * g}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status;
        try {
            status = smokeRun();
        } catch (RuntimeException | LinkageError e) {
            System.err.println("dann4j: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    static int smokeRun() {
        double lambda = 0.5;
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(0);
            Tensor x = torch.randn(3, 4).requires_grad_(true);
            Tensor y = GradientReversal.apply(x, lambda);
            Tensor upstream = torch.randn(3, 4);
            y.backward(upstream, new BoolOptional(), false, new TensorArrayRefOptional());
            boolean identity = y.equal(x);
            boolean reversed = x.grad().equal(upstream.mul(new Scalar(-lambda)));
            System.out.println("dann4j smoke run");
            System.out.println("  bytedeco pytorch   " + GradientReversal.bytedecoPytorchVersion());
            System.out.println("  compiled against   libtorch " + GradientReversal.compiledTorchVersion());
            System.out.println("  native library     " + GradientReversal.nativeLibraryPath());
            System.out.println("  intra-op threads   " + torch.get_num_threads());
            System.out.println("  CUDA available     " + torch.cuda_is_available());
            System.out.println("  forward identity   " + (identity ? "ok" : "FAILED"));
            System.out.println("  backward -lambda*g " + (reversed ? "ok" : "FAILED") + " (lambda=" + lambda + ")");
            return identity && reversed ? 0 : 1;
        }
    }
}
