package io.github.dann4j.data;

/** How {@link Preprocessing#resize} computes the new pixels. */
public enum Interpolation {
    /** Each output pixel copies the nearest input pixel (libtorch's {@code upsample_nearest2d}). */
    NEAREST,
    /**
     * Bilinear, {@code align_corners=False} and no antialiasing: the same as PyTorch's
     * {@code F.interpolate(x, size, mode="bilinear")} (libtorch's {@code upsample_bilinear2d}).
     */
    BILINEAR
}
