package io.github.dann4j.internal;

import java.util.StringJoiner;
import org.bytedeco.pytorch.Tensor;

/**
 * Argument checks made in Java before a tensor reaches native code, where a bad pointer would
 * crash the JVM instead of throwing. Not part of the public API.
 */
public final class TensorChecks {
    private TensorChecks() {}

    /**
     * Requires a tensor that native code can safely dereference: not null, not closed or
     * deallocated, not offset by {@code position()}, and defined.
     *
     * @param name the argument's name, used in the message
     */
    public static Tensor requireUsable(Tensor tensor, String name) {
        if (tensor == null) {
            throw new IllegalArgumentException(name + " tensor is null");
        }
        if (tensor.isNull()) {
            throw new IllegalArgumentException(name + " tensor has been closed or deallocated (its native address is 0)");
        }
        if (tensor.position() != 0) {
            throw new IllegalArgumentException(name + " tensor has position " + tensor.position()
                    + "; pass the Tensor object itself, not an offset Pointer");
        }
        if (!tensor.defined()) {
            throw new IllegalArgumentException(name + " tensor is undefined (an empty at::Tensor handle)");
        }
        return tensor;
    }

    /** Requires a finite value: not NaN, not infinite. */
    public static double requireFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        return value;
    }

    /** The shape of a usable tensor, e.g. {@code [2, 3]}; {@code []} for a 0-dim tensor. */
    public static long[] shape(Tensor tensor) {
        long[] shape = new long[(int) tensor.dim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = tensor.size(i);
        }
        return shape;
    }

    /** Describes a usable tensor for messages: {@code of shape [2, 3] (Float, cpu)}. */
    public static String describe(Tensor tensor) {
        StringJoiner dims = new StringJoiner(", ", "[", "]");
        for (long size : shape(tensor)) {
            dims.add(Long.toString(size));
        }
        return "of shape " + dims + " (" + tensor.scalar_type() + ", " + tensor.device().str().getString() + ")";
    }
}
