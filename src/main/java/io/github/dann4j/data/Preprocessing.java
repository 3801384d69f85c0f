package io.github.dann4j.data;

import io.github.dann4j.internal.Scopes;
import io.github.dann4j.internal.TensorChecks;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Image preprocessing on whole tensors {@code [N, C, H, W]}: scaling, channel changes, cropping,
 * resizing. Per-channel standardisation is {@link Normalization}.
 *
 * <p>Each method returns a new tensor that belongs to the caller (attached to the caller's
 * {@code PointerScope} if any); its temporaries are freed before it returns.
 * The input is never modified. Use them on a {@link LoadedData} through
 * {@link LoadedData#map}, e.g. {@code data.map(x -> Preprocessing.centreCrop(x, 28, 28))}.
 */
public final class Preprocessing {
    private Preprocessing() {}

    /** uint8 pixels {@code [N, ...]} to float32 in [0, 1] (divided by 255), same shape. */
    public static Tensor scaleToUnit(Tensor pixels) {
        TensorChecks.requireUsable(pixels, "pixels");
        if (pixels.scalar_type().intern() != ScalarType.Byte) {
            throw new IllegalArgumentException("scaleToUnit expects uint8 pixels (0..255), got " + TensorChecks.describe(pixels)
                    + "; the data may already be scaled");
        }
        return Scopes.returning(() -> pixels.to(ScalarType.Float).div(new Scalar(255.0)));
    }

    /**
     * Grey images {@code [N, 1, H, W]} to three identical channels {@code [N, 3, H, W]} (so a
     * grey domain such as MNIST meets a colour one such as MNIST-M). Three-channel images are
     * returned as they are (a new handle to the same data).
     */
    public static Tensor greyToRgb(Tensor images) {
        requireImages(images, "greyToRgb");
        long channels = images.size(1);
        if (channels == 3) {
            return Scopes.returning(() -> images);
        }
        if (channels != 1) {
            throw new IllegalArgumentException("greyToRgb expects 1 (or 3) channels, got images " + TensorChecks.describe(images));
        }
        // repeat() copies, so the result is an ordinary contiguous tensor (expand() would be a view
        // with stride 0 that some later in-place ops reject).
        return Scopes.returning(() -> images.repeat(1, 3, 1, 1));
    }

    /**
     * The central {@code height x width} window of images {@code [N, C, H, W]}: rows from
     * {@code (H - height) / 2} and columns from {@code (W - width) / 2} (rounded down), e.g.
     * MNIST-M's 32x32 to 28x28 keeps rows and columns 2..29. Same dtype, contiguous copy.
     */
    public static Tensor centreCrop(Tensor images, long height, long width) {
        requireImages(images, "centreCrop");
        long h = images.size(2);
        long w = images.size(3);
        if (height < 1 || width < 1 || height > h || width > w) {
            throw new IllegalArgumentException("cannot crop images of " + h + "x" + w + " to " + height + "x" + width
                    + " (the crop must be 1x1 up to the image size; use resize to enlarge)");
        }
        long top = (h - height) / 2;
        long left = (w - width) / 2;
        return Scopes.returning(() -> images.narrow(2, top, height).narrow(3, left, width).contiguous());
    }

    /**
     * Images {@code [N, C, H, W]} resized to {@code height x width} with libtorch's upsampling
     * kernels (which also shrink). Computed in float64 for float64 input, which stays float64, and
     * in float32 otherwise; uint8 input is rounded and clamped back to uint8, other input becomes
     * float32.
     */
    public static Tensor resize(Tensor images, long height, long width, Interpolation mode) {
        requireImages(images, "resize");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("resize needs a positive size, got " + height + "x" + width);
        }
        boolean bytes = images.scalar_type().intern() == ScalarType.Byte;
        return Scopes.returning(() -> {
            Tensor x = images.scalar_type().intern() == ScalarType.Double ? images : images.to(ScalarType.Float);
            long[] size = {height, width};
            Tensor y = mode == Interpolation.NEAREST
                    ? torch.upsample_nearest2d(x, size)
                    : torch.upsample_bilinear2d(x, size, false);
            return bytes ? y.round().clamp(new org.bytedeco.pytorch.ScalarOptional(new Scalar(0.0)),
                    new org.bytedeco.pytorch.ScalarOptional(new Scalar(255.0))).to(ScalarType.Byte) : y;
        });
    }

    private static void requireImages(Tensor images, String operation) {
        TensorChecks.requireUsable(images, "images");
        if (images.dim() != 4) {
            throw new IllegalArgumentException(operation + " expects images [N, C, H, W], got " + TensorChecks.describe(images));
        }
    }
}
