package io.github.dann4j.data;

import io.github.dann4j.runtime.Limits;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The growable arrays {@link CsvReader} fills row by row (a {@code List<Double>} would box every
 * value): float32 features take a {@code float} parsed as such, float64 ones a {@code double}. Each doubling is checked against {@link Limits#requireHeap} with the element size of
 * the stored type (4 bytes for float32, 8 for float64 and for int64 labels) before the array
 * grows, so a huge file is refused with a one-line error, not an {@code OutOfMemoryError}.
 */
final class CsvBuffers {
    /** Java arrays hold at most this many elements. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int INITIAL = 1024;
    private static final String VALUES = "the rows so far times the columns";

    private CsvBuffers() {}

    /** Feature values in row-major order, stored as float32 or float64. */
    static final class Features {
        private final ScalarType dtype;
        private float[] floats;
        private double[] doubles;
        private int size;

        Features(ScalarType dtype) {
            this.dtype = FeatureDtypes.require(dtype);
            if (dtype == ScalarType.Double) {
                doubles = new double[INITIAL];
            } else {
                floats = new float[INITIAL];
            }
        }

        /** Appends {@code v} to float32 features; the caller has checked it to be finite. */
        void add(float v, Path file, long lineNo) {
            if (size == floats.length) {
                int grown = grown(file, lineNo);
                try {
                    floats = Arrays.copyOf(floats, grown);
                } catch (OutOfMemoryError e) { // one large array: nothing else is left half-made
                    throw Limits.heapExhausted((long) grown * Float.BYTES, where(file, lineNo, VALUES));
                }
            }
            floats[size++] = v;
        }

        /** Appends {@code v} to float64 features; the caller has checked it to be finite. */
        void add(double v, Path file, long lineNo) {
            if (size == doubles.length) {
                int grown = grown(file, lineNo);
                try {
                    doubles = Arrays.copyOf(doubles, grown);
                } catch (OutOfMemoryError e) {
                    throw Limits.heapExhausted((long) grown * Double.BYTES, where(file, lineNo, VALUES));
                }
            }
            doubles[size++] = v;
        }

        private int grown(Path file, long lineNo) {
            return grow(size, FeatureDtypes.bytes(dtype), file, lineNo, VALUES);
        }

        int size() {
            return size;
        }

        /** The values as a new {@code [n, d]} tensor of the stored type ({@code n · d} must be {@link #size()}). */
        Tensor toTensor(long n, long d) {
            Tensor x = torch.empty(new long[] {n, d}, new TensorOptions(dtype), new MemoryFormatOptional());
            if (dtype == ScalarType.Double) {
                new DoublePointer(x.data_ptr()).put(doubles, 0, size);
            } else {
                new FloatPointer(x.data_ptr()).put(floats, 0, size);
            }
            return x;
        }
    }

    /** The labels, int64. */
    static final class Labels {
        private long[] values = new long[INITIAL];
        private int size;

        void add(long v, Path file, long lineNo) {
            if (size == values.length) {
                int grown = grow(size, Long.BYTES, file, lineNo, "the labels so far");
                try {
                    values = Arrays.copyOf(values, grown);
                } catch (OutOfMemoryError e) {
                    throw Limits.heapExhausted((long) grown * Long.BYTES, where(file, lineNo, "the labels so far"));
                }
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /**
     * The next capacity of a growable array that is full at {@code length} elements, after
     * checking the new array against {@link Limits#requireHeap}.
     */
    private static int grow(int length, int elementBytes, Path file, long lineNo, String what) {
        long grown = Math.min((long) length * 2, MAX_ARRAY);
        Limits.requireHeap(grown * elementBytes, where(file, lineNo, what));
        if (grown == length) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ": more than " + MAX_ARRAY + " values; split the"
                    + " file or save it as .npy");
        }
        return (int) grown;
    }

    private static String where(Path file, long lineNo, String what) {
        return file + " (line " + lineNo + ": " + what + ")";
    }
}
