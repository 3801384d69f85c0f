package io.github.dann4j.model;

import io.github.dann4j.data.Images;
import io.github.dann4j.internal.Scopes;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.runtime.Limits;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What a {@link TrainedModel} is asked about, as the data looked on disk: rows of features, images
 * (in memory or files), a raw tensor (uint8 pixels or float features, preprocessed by the model) or
 * a tensor already preprocessed. Inputs are read a batch at a time as the model runs, so a list of
 * a million image files is never decoded at once. Images of different sizes may be mixed when the
 * model's preprocessing brings them to one (a resize); each batch is preprocessed per size.
 *
 * <p>An {@code Inputs} holds Java references only (a given tensor is borrowed, never closed).
 */
public abstract sealed class Inputs {
    private final int size;
    private static final String UNNAMED = "the input";

    final String name; // how shape messages name the inputs

    private Inputs(int size) {
        this(size, UNNAMED);
    }

    private Inputs(int size, String name) {
        this.size = size;
        this.name = name;
    }

    /** The number of inputs. */
    public final int size() {
        return size;
    }

    /** How a model turns a batch into the network's input. */
    interface Preparation {
        /** Raw data (as on disk): preprocessing, shape check (naming the data {@code name}), dtype. */
        Tensor raw(Tensor batch, String name);

        /** Already preprocessed data: shape check and dtype only. */
        Tensor ready(Tensor batch, String name);
    }

    /**
     * Inputs {@code start .. start + count - 1} as the network's input {@code [count, ...]}, a
     * tensor that belongs to the caller's scope.
     */
    abstract Tensor batch(int start, int count, Preparation preparation);

    /** Rows of features {@code [N][D]}, one row a sample (all rows one length). */
    public static Inputs features(float[][] rows) {
        int width = width(rows);
        return new Rows(rows.length, width, (start, count) -> {
            Tensor t = torch.empty(new long[] {count, width}, new TensorOptions(ScalarType.Float), new MemoryFormatOptional());
            FloatPointer memory = new FloatPointer(t.data_ptr()).capacity((long) count * width);
            for (int i = 0; i < count; i++) {
                memory.position((long) i * width).put(rows[start + i]);
            }
            return t;
        });
    }

    /** Rows of float64 features {@code [N][D]}; a float32 model rounds them, a float64 one keeps them. */
    public static Inputs features(double[][] rows) {
        int width = width(rows);
        return new Rows(rows.length, width, (start, count) -> {
            Tensor t = torch.empty(new long[] {count, width}, new TensorOptions(ScalarType.Double), new MemoryFormatOptional());
            DoublePointer memory = new DoublePointer(t.data_ptr()).capacity((long) count * width);
            for (int i = 0; i < count; i++) {
                memory.position((long) i * width).put(rows[start + i]);
            }
            return t;
        });
    }

    /** Images in memory (grey images as one channel, others as RGB). */
    public static Inputs images(List<BufferedImage> images) {
        List<BufferedImage> copy = withoutNulls(images, "image");
        return new Pictures(copy.size(), i -> Images.of(List.of(copy.get(i))));
    }

    /** PNG or JPEG files, decoded a batch at a time. */
    public static Inputs imageFiles(List<Path> files) {
        List<Path> copy = withoutNulls(files, "image file");
        return new Pictures(copy.size(), i -> Images.read(List.of(copy.get(i))));
    }

    /**
     * A raw tensor {@code [N, ...]} as the data was stored: uint8 pixels {@code [N, C, H, W]} (or
     * grey {@code [N, H, W]}), or float features {@code [N, D]}; the model's preprocessing is
     * applied. Borrowed: the caller keeps it and closes it after the prediction.
     */
    public static Inputs raw(Tensor tensor) {
        return raw(tensor, UNNAMED);
    }

    /**
     * As {@link #raw(Tensor)}, with the data named in messages, e.g. {@code "--data x.csv"}: "the
     * model expects 400 features; --data x.csv has 800".
     */
    public static Inputs raw(Tensor tensor, String name) {
        TensorChecks.requireUsable(tensor, "input");
        if (tensor.dim() < 1) {
            throw new IllegalArgumentException("inputs are [N, ...]; got a scalar " + TensorChecks.describe(tensor));
        }
        boolean greyImages = tensor.dim() == 3 && tensor.scalar_type().intern() == ScalarType.Byte;
        return new Slices(tensor, true, greyImages, name);
    }

    /** A tensor {@code [N, ...]} already preprocessed (the network's input), converted only to the model's dtype. */
    public static Inputs prepared(Tensor tensor) {
        TensorChecks.requireUsable(tensor, "input");
        if (tensor.dim() < 1) {
            throw new IllegalArgumentException("inputs are [N, ...]; got a scalar " + TensorChecks.describe(tensor));
        }
        return new Slices(tensor, false, false, UNNAMED);
    }

    private static <T> List<T> withoutNulls(List<T> list, String what) {
        if (list == null) {
            throw new IllegalArgumentException("the " + what + " list is null");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(what + " " + i + " is null");
            }
        }
        return List.copyOf(list);
    }

    private static int width(Object[] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("rows are null");
        }
        int width = -1;
        for (int i = 0; i < rows.length; i++) {
            int length = rows[i] instanceof float[] f ? f.length : rows[i] instanceof double[] d ? d.length : -1;
            if (length < 0) {
                throw new IllegalArgumentException("row " + i + " is null");
            }
            if (width >= 0 && length != width) {
                throw new IllegalArgumentException("row " + i + " has " + length + " values but row 0 has " + width
                        + "; every sample needs the same number of features");
            }
            width = length;
        }
        if (width == 0) {
            throw new IllegalArgumentException("rows have no values");
        }
        return Math.max(width, 1); // no rows: any width, nothing is copied
    }

    /** Java arrays, copied into a tensor a batch at a time. */
    private static final class Rows extends Inputs {
        interface Copy {
            Tensor copy(int start, int count);
        }

        private final int width;
        private final Copy copy;

        Rows(int size, int width, Copy copy) {
            super(size);
            this.width = width;
            this.copy = copy;
        }

        @Override
        Tensor batch(int start, int count, Preparation preparation) {
            Limits.requireMemory(Limits.times(Limits.times(count, width), Double.BYTES), "a batch of " + count + " rows");
            return Scopes.returning(() -> preparation.raw(copy.copy(start, count), name));
        }
    }

    /** Images, decoded a batch at a time; runs of one size are preprocessed together. */
    private static final class Pictures extends Inputs {
        private final IntFunction<Tensor> decode; // image i as uint8 [1, C, H, W]

        Pictures(int size, IntFunction<Tensor> decode) {
            super(size);
            this.decode = decode;
        }

        @Override
        Tensor batch(int start, int count, Preparation preparation) {
            return Scopes.returning(() -> {
                TensorVector prepared = new TensorVector();
                TensorVector run = new TensorVector();
                long[] runShape = null;
                for (int i = start; i < start + count; i++) {
                    Tensor image = decode.apply(i);
                    long[] shape = TensorChecks.shape(image);
                    if (runShape != null && !Arrays.equals(shape, runShape)) {
                        prepared.push_back(preparation.raw(torch.cat(run, 0), name));
                        run = new TensorVector();
                    }
                    run.push_back(image);
                    runShape = shape;
                }
                prepared.push_back(preparation.raw(torch.cat(run, 0), name));
                return prepared.size() == 1 ? prepared.get(0) : torch.cat(prepared, 0);
            });
        }
    }

    /** A borrowed tensor, sliced along dimension 0. */
    private static final class Slices extends Inputs {
        private final Tensor tensor;
        private final boolean raw;
        private final boolean greyImages;

        Slices(Tensor tensor, boolean raw, boolean greyImages, String name) {
            super(count(tensor), name);
            this.tensor = tensor;
            this.raw = raw;
            this.greyImages = greyImages;
        }

        private static int count(Tensor tensor) {
            long n = tensor.size(0);
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("more than 2^31 inputs in one tensor: " + TensorChecks.describe(tensor));
            }
            return (int) n;
        }

        @Override
        Tensor batch(int start, int count, Preparation preparation) {
            return Scopes.returning(() -> {
                Tensor part = tensor.narrow(0, start, count);
                if (greyImages) {
                    part = part.unsqueeze(1);
                }
                return raw ? preparation.raw(part, name) : preparation.ready(part, name);
            });
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " inputs (" + size() + ")";
    }
}
