package io.github.dann4j.model;

import io.github.dann4j.data.Interpolation;
import io.github.dann4j.data.Normalization;
import io.github.dann4j.data.Preprocessing;
import io.github.dann4j.internal.Scopes;
import io.github.dann4j.internal.TensorChecks;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What the data went through between disk and the network, in this order: uint8 pixels scaled to
 * [0, 1] (any other integer type converted to float32), grey repeated to 3 channels, centre crop,
 * bilinear resize, per-channel normalisation. A model folder keeps it beside the weights so that
 * every later input gets exactly what the training data got.
 *
 * <p>Immutable: {@code Preprocessor.none().greyToRgb().crop(28, 28)} builds one step by step.
 */
public final class Preprocessor {
    private static final Preprocessor NONE = new Preprocessor(false, null, null, null, null);

    private final boolean greyToRgb;
    private final long[] crop;   // {height, width} or null
    private final long[] resize; // {height, width} or null
    private final Normalization normalization; // null: none
    private final String normalizedOn; // what the normalisation was fitted on, for the record; may be null

    private Preprocessor(boolean greyToRgb, long[] crop, long[] resize, Normalization normalization, String normalizedOn) {
        this.greyToRgb = greyToRgb;
        this.crop = crop;
        this.resize = resize;
        this.normalization = normalization;
        this.normalizedOn = normalizedOn;
    }

    /** Only the pixel scaling (uint8 to [0, 1]), which every model gets. */
    public static Preprocessor none() {
        return NONE;
    }

    /** Grey images {@code [N, 1, H, W]} become {@code [N, 3, H, W]} (3-channel images pass). */
    public Preprocessor greyToRgb() {
        return new Preprocessor(true, crop, resize, normalization, normalizedOn);
    }

    /** Centre crop to {@code height x width} (see {@link Preprocessing#centreCrop}). */
    public Preprocessor crop(long height, long width) {
        return new Preprocessor(greyToRgb, size(height, width, "crop"), resize, normalization, normalizedOn);
    }

    /** Bilinear resize to {@code height x width}, after the crop. */
    public Preprocessor resize(long height, long width) {
        return new Preprocessor(greyToRgb, crop, size(height, width, "resize"), normalization, normalizedOn);
    }

    /**
     * Per-channel normalisation, last; {@code fittedOn} says on what it was fitted (e.g.
     * "source"), for the record only, and may be null.
     */
    public Preprocessor normalize(Normalization normalization, String fittedOn) {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization is null (leave it out for none)");
        }
        return new Preprocessor(greyToRgb, crop, resize, normalization, fittedOn);
    }

    private static long[] size(long height, long width, String what) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(what + " needs a positive size, got " + height + "x" + width);
        }
        return new long[] {height, width};
    }

    public boolean greyToRgbEnabled() {
        return greyToRgb;
    }

    /** {@code {height, width}} of the crop, or null. */
    public long[] cropSize() {
        return crop == null ? null : crop.clone();
    }

    /** {@code {height, width}} of the resize, or null. */
    public long[] resizeSize() {
        return resize == null ? null : resize.clone();
    }

    /** The normalisation, or null. */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * Everything but the normalisation: {@code [N, ...]} raw samples (uint8 pixels, integers or
     * floats) to float samples of the network's shape. A new tensor (attached to the caller's innermost PointerScope, if any); the input
     * is not modified.
     */
    public Tensor shape(Tensor raw) {
        TensorChecks.requireUsable(raw, "input");
        return Scopes.returning(() -> {
            Tensor x = raw;
            if (x.scalar_type().intern() == ScalarType.Byte) {
                x = Preprocessing.scaleToUnit(x);
            } else if (!x.is_floating_point()) {
                x = x.to(ScalarType.Float);
            }
            if (greyToRgb) {
                x = Preprocessing.greyToRgb(x);
            }
            if (crop != null) {
                x = Preprocessing.centreCrop(x, crop[0], crop[1]);
            }
            if (resize != null) {
                x = Preprocessing.resize(x, resize[0], resize[1], Interpolation.BILINEAR);
            }
            return x;
        });
    }

    /** The normalisation of already shaped samples (a new handle to the same data when there is none). */
    public Tensor normalize(Tensor shaped) {
        TensorChecks.requireUsable(shaped, "input");
        return Scopes.returning(() -> normalization == null ? shaped : normalization.apply(shaped));
    }

    /** {@link #shape} then {@link #normalize}. */
    public Tensor apply(Tensor raw) {
        return Scopes.returning(() -> normalize(shape(raw)));
    }

    /** Writes the {@code preprocess.*} and {@code normalization.*} keys of a model description. */
    void store(Properties into) {
        into.setProperty("preprocess.grey_to_rgb", Boolean.toString(greyToRgb));
        if (crop != null) {
            into.setProperty("preprocess.crop", crop[0] + "x" + crop[1]);
        }
        if (resize != null) {
            into.setProperty("preprocess.resize", resize[0] + "x" + resize[1]);
        }
        if (normalization != null) {
            into.putAll(normalization.toProperties());
            if (normalizedOn != null) {
                into.setProperty("preprocess.normalize_on", normalizedOn);
            }
        }
    }

    /** Reads what {@link #store} wrote (and what every earlier dann4j wrote: the keys are unchanged). */
    static Preprocessor restore(Properties from) {
        Preprocessor p = none();
        String grey = from.getProperty("preprocess.grey_to_rgb", "false").trim();
        if (!grey.equals("true") && !grey.equals("false")) {
            throw new IllegalArgumentException("preprocess.grey_to_rgb must be true or false, got '" + grey + "'");
        }
        if (grey.equals("true")) {
            p = p.greyToRgb();
        }
        String crop = from.getProperty("preprocess.crop");
        if (crop != null) {
            long[] hw = parseSize(crop, "preprocess.crop");
            p = p.crop(hw[0], hw[1]);
        }
        String resize = from.getProperty("preprocess.resize");
        if (resize != null) {
            long[] hw = parseSize(resize, "preprocess.resize");
            p = p.resize(hw[0], hw[1]);
        }
        if (from.containsKey(Normalization.MEAN_KEY)) {
            p = p.normalize(Normalization.fromProperties(from), from.getProperty("preprocess.normalize_on"));
        }
        return p;
    }

    /** {@code "28x28"} to {@code {28, 28}}; {@code what} names the text in the message. */
    public static long[] parseSize(String text, String what) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                long h = Long.parseLong(parts[0].trim());
                long w = Long.parseLong(parts[1].trim());
                if (h > 0 && w > 0) {
                    return new long[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(what + " must look like 28x28, got '" + text + "'");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("scale uint8 to [0, 1]");
        if (greyToRgb) {
            s.append(", grey to RGB");
        }
        if (crop != null) {
            s.append(", centre crop ").append(crop[0]).append('x').append(crop[1]);
        }
        if (resize != null) {
            s.append(", resize ").append(resize[0]).append('x').append(resize[1]);
        }
        if (normalization != null) {
            s.append(", normalise ").append(normalization);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessor p && greyToRgb == p.greyToRgb && Arrays.equals(crop, p.crop)
                && Arrays.equals(resize, p.resize) && java.util.Objects.equals(normalization, p.normalization);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(greyToRgb, Arrays.hashCode(crop), Arrays.hashCode(resize), normalization);
    }
}
