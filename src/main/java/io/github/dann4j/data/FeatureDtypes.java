package io.github.dann4j.data;

import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The floating dtypes the readers store features in ({@link LoadOptions#dtype()}): float32, the
 * default, and float64, for training in float64 without rounding the file's values to float32
 * first. uint8 images stay uint8 whichever is chosen.
 */
final class FeatureDtypes {
    private FeatureDtypes() {}

    /**
     * Returns {@code dtype} if it is {@code ScalarType.Float} or {@code ScalarType.Double}.
     *
     * @throws IllegalArgumentException for null or any other dtype
     */
    static ScalarType require(ScalarType dtype) {
        if (dtype != ScalarType.Float && dtype != ScalarType.Double) {
            throw new IllegalArgumentException("features can be read as float32 (ScalarType.Float) or float64"
                    + " (ScalarType.Double), not " + dtype);
        }
        return dtype;
    }

    /** Bytes of one value: 4 for float32, 8 for float64. */
    static int bytes(ScalarType dtype) {
        return require(dtype) == ScalarType.Double ? Double.BYTES : Float.BYTES;
    }

    /** "float32" or "float64", for messages. */
    static String name(ScalarType dtype) {
        return require(dtype) == ScalarType.Double ? "float64" : "float32";
    }
}
