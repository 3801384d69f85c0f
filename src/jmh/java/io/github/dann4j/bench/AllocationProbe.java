package io.github.dann4j.bench;

import io.github.dann4j.internal.NativeOps;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorTensorHook;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Counts the tensor data that libtorch's CPU allocator hands out per gradient reversal call, for
 * the forward pass alone and for forward + backward, with a counting allocator installed in front
 * of libtorch's (native/src/allocation_counter.cpp). Prints a Markdown table.
 */
public final class AllocationProbe {
    private static final int CALLS = 100;

    private AllocationProbe() {}

    public static void main(String[] args) {
        torch.set_num_threads(1);
        System.out.println("Tensor data allocated per call by libtorch's CPU allocator, bytes (allocations), "
                + "mean of " + CALLS + " calls:");
        System.out.println();
        System.out.println("| shape (input bytes) | implementation | forward | forward + backward |");
        System.out.println("| --- | --- | --- | --- |");
        for (long[] shape : new long[][] {{64, 128}, {256, 4096}}) {
            for (String implementation : Implementations.ALL) {
                try (PointerScope scope = new PointerScope()) {
                    Tensor input = torch.randn(shape[0], shape[1]).requires_grad_(true);
                    Tensor upstream = torch.randn(shape[0], shape[1]);
                    Scalar minusLambda = new Scalar(-0.5);
                    TensorTensorHook hook = Implementations.reversingHook(minusLambda);
                    measure(implementation, input, upstream, minusLambda, hook, false); // warm-up
                    String forward = measure(implementation, input, upstream, minusLambda, hook, false);
                    String both = measure(implementation, input, upstream, minusLambda, hook, true);
                    System.out.printf("| [%d,%d] (%,d) | %s | %s | %s |%n", shape[0], shape[1],
                            shape[0] * shape[1] * 4, implementation, forward, both);
                }
            }
        }
    }

    private static String measure(String implementation, Tensor input, Tensor upstream, Scalar minusLambda,
            TensorTensorHook hook, boolean backward) {
        long[] bytes = new long[1];
        long[] calls = new long[1];
        try (PointerScope scope = new PointerScope()) {
            NativeOps.start_counting_cpu_allocations();
            for (int i = 0; i < CALLS; i++) {
                Tensor output = Implementations.forward(implementation, input, 0.5, minusLambda, hook);
                if (backward) {
                    torch.grad(new TensorVector(output), new TensorVector(input), new TensorVector(upstream),
                            new BoolOptional(), false, false);
                }
            }
            NativeOps.stop_counting_cpu_allocations(bytes, calls);
        }
        return String.format("%,d (%.1f)", bytes[0] / CALLS, (double) calls[0] / CALLS);
    }
}
