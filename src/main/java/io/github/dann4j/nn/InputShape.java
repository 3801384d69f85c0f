package io.github.dann4j.nn;

import java.util.Arrays;

/**
 * The sample shape a model takes, checked in Java before a tensor reaches libtorch, so that a
 * wrong input says "the model expects 400 features; the data has 800" instead of libtorch's
 * {@code mat1 and mat2 shapes cannot be multiplied (157x800 and 400x100)}.
 */
final class InputShape {
    private InputShape() {}

    /**
     * Refuses samples of {@code actual} shape for a model that takes {@code expected} (null: not
     * known, nothing is checked).
     *
     * @param data names the samples in the message, e.g. "the data" or "the input"
     */
    static void require(long[] expected, long[] actual, String data) {
        require(expected, actual, data, null);
    }

    /** As {@link #require(long[], long[], String)}, with {@code detail} (may be null) added in brackets. */
    static void require(long[] expected, long[] actual, String data, String detail) {
        if (expected == null || Arrays.equals(expected, actual)) {
            return;
        }
        String has = expected.length == 1 && actual.length == 1 ? Long.toString(actual[0])
                : expected.length == actual.length && actual.length > 1 ? Arrays.toString(actual)
                : "samples of shape " + Arrays.toString(actual);
        throw new IllegalArgumentException("the model expects " + describe(expected) + "; " + data + " has " + has
                + (detail == null ? "" : " (" + detail + ")"));
    }

    /** {@code 400 features} for flat samples, {@code [3, 28, 28] images} for images, else the shape. */
    static String describe(long[] sampleShape) {
        if (sampleShape.length == 1) {
            return sampleShape[0] + " features";
        }
        return Arrays.toString(sampleShape) + (sampleShape.length == 3 ? " images" : " samples");
    }
}
