package io.github.dann4j.internal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Copies between Java arrays and CPU tensors. Not part of the public API. */
public final class Tensors {
    private Tensors() {}

    /** An int64 CPU tensor of shape {@code [values.length]}. */
    public static Tensor fromLongs(long[] values) {
        Tensor t = torch.empty(new long[] {values.length}, new TensorOptions(ScalarType.Long), new MemoryFormatOptional());
        if (values.length > 0) {
            new LongPointer(t.data_ptr()).put(values);
        }
        return t;
    }

    /** A CPU tensor of the given dtype, shape and row-major values. */
    public static Tensor fromDoubles(double[] values, ScalarType dtype, long... shape) {
        Tensor t = torch.empty(shape, new TensorOptions(ScalarType.Double), new MemoryFormatOptional());
        if (values.length > 0) {
            new DoublePointer(t.data_ptr()).put(values);
        }
        return dtype.intern() == ScalarType.Double ? t : t.to(dtype);
    }

    /** The values of any tensor as doubles, row-major. */
    public static double[] toDoubles(Tensor t) {
        Tensor cpu = t.detach().cpu().to(ScalarType.Double).contiguous();
        double[] out = new double[(int) cpu.numel()];
        if (out.length > 0) {
            new DoublePointer(cpu.data_ptr()).get(out);
        }
        return out;
    }

    /** The values of an integer tensor as longs, row-major. */
    public static long[] toLongs(Tensor t) {
        Tensor cpu = t.detach().cpu().to(ScalarType.Long).contiguous();
        long[] out = new long[(int) cpu.numel()];
        if (out.length > 0) {
            new LongPointer(cpu.data_ptr()).get(out);
        }
        return out;
    }
}
