package io.github.dann4j.testing;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Small helpers for building and reading tensors in tests. Call inside a PointerScope. */
public final class TensorTestUtil {
    private TensorTestUtil() {}

    public static TensorOptions options(ScalarType dtype) {
        return new TensorOptions(dtype);
    }

    public static TensorOptions options(ScalarType dtype, Device device) {
        return new TensorOptions(device).dtype(new org.bytedeco.pytorch.ScalarTypeOptional(dtype));
    }

    public static Tensor randn(ScalarType dtype, long... shape) {
        return torch.randn(shape, options(ScalarType.Float)).to(dtype);
    }

    public static Tensor randn(ScalarType dtype, Device device, long... shape) {
        return torch.randn(shape, options(dtype, device));
    }

    /** A float64 CPU tensor with the given values, row-major, in the given shape. */
    public static Tensor fromDoubles(double[] values, long... shape) {
        Tensor t = torch.empty(shape, options(ScalarType.Double), new MemoryFormatOptional());
        new DoublePointer(t.data_ptr()).put(values);
        return t;
    }

    /** The values of any tensor as doubles, row-major. */
    public static double[] toDoubles(Tensor t) {
        Tensor cpu = t.detach().cpu().to(ScalarType.Double).contiguous();
        double[] out = new double[(int) cpu.numel()];
        new DoublePointer(cpu.data_ptr()).get(out);
        return out;
    }

    public static Tensor scaled(Tensor t, double factor) {
        return t.mul(new Scalar(factor));
    }

    /** Backward of {@code output} with upstream gradient {@code upstream}. */
    public static void backward(Tensor output, Tensor upstream) {
        output.backward(upstream, new BoolOptional(), false, new TensorArrayRefOptional());
    }

    /** torch.autograd.grad(outputs=[output], inputs=[input], create_graph). */
    public static Tensor grad(Tensor output, Tensor input, boolean createGraph) {
        TensorVector result = torch.grad(new TensorVector(output), new TensorVector(input), new TensorVector(),
                new BoolOptional(createGraph), createGraph, false);
        return result.get(0);
    }

    /** Bitwise-equal values, same shape and dtype. */
    public static boolean sameValues(Tensor a, Tensor b) {
        // JavaCPP hands out fresh enum objects from native code: compare interned values.
        return a.scalar_type().intern() == b.scalar_type().intern() && a.equal(b);
    }

    public static double maxAbsDiff(Tensor a, Tensor b) {
        double[] x = toDoubles(a), y = toDoubles(b);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
