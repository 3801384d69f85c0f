package io.github.dann4j.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.dann4j.data.Normalization;
import io.github.dann4j.model.Preprocessor;
import java.util.Arrays;
import java.util.Map;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A {@link Preprocessor}'s steps as graph nodes, in its order and with its arithmetic: uint8 cast
 * to float32 and divided by 255; grey to RGB by broadcasting (3-channel input passes, as in
 * dann4j); a centre crop whose offsets {@code (H - h) / 2}, {@code (W - w) / 2} are computed from
 * the input's shape, so any image at least as large as the crop works; a bilinear resize with
 * half-pixel centres and no antialiasing (libtorch's {@code upsample_bilinear2d} with
 * {@code align_corners=false}); {@code (x - mean) / std} per channel.
 */
final class PreprocessingGraph {
    private PreprocessingGraph() {}

    /**
     * Appends the steps to {@code x}.
     *
     * @param uint8 whether {@code x} holds uint8 values (scaled, then computed in float32, as dann4j does)
     * @param type the element type of {@code x} when it is not uint8, in which the steps compute
     * @param rank the rank of {@code x}: 4 for images, 2 for features
     * @return the preprocessed value, of FLOAT (uint8 input) or {@code type}
     */
    static ONNXRef<?> append(OnnxGraph graph, Preprocessor preprocessor, ONNXRef<?> x, boolean uint8, DataType type,
            int rank) {
        boolean imageSteps = preprocessor.greyToRgbEnabled() || preprocessor.cropSize() != null
                || preprocessor.resizeSize() != null;
        if (imageSteps && rank != 4) {
            throw new IllegalArgumentException("the preprocessing (" + preprocessor + ") has image steps, but the network"
                    + " takes samples of rank " + (rank - 1) + ", not images");
        }
        ONNXRef<?> h = x;
        DataType computed = type;
        if (uint8) {
            computed = DataType.FLOAT;
            h = graph.apply(ONNXOperators.DIV, "scaled", graph.cast(h, DataType.FLOAT),
                    graph.constant("pixel_range", DataType.FLOAT, new long[] {1}, new double[] {255.0}));
        }
        if (preprocessor.greyToRgbEnabled()) {
            h = graph.apply(Operators.EXPAND, "rgb", h, graph.longs("rgb_shape", 1, 3, 1, 1));
        }
        long[] crop = preprocessor.cropSize();
        if (crop != null) {
            ONNXRef<?> size = graph.longs("crop_size", crop);
            ONNXRef<?> hw = graph.apply(Operators.SHAPE, "image_size", Map.of("start", 2, "end", 4), h);
            ONNXRef<?> starts = graph.apply(ONNXOperators.DIV, "crop_start",
                    graph.apply(ONNXOperators.SUB, "crop_margin", hw, size), graph.longs("two", 2, 2));
            ONNXRef<?> ends = graph.apply(ONNXOperators.ADD, "crop_end", starts, size);
            h = graph.apply(Operators.SLICE, "cropped", h, starts, ends, graph.longs("image_axes", 2, 3));
        }
        long[] resize = preprocessor.resizeSize();
        if (resize != null) {
            ONNXRef<?> batchAndChannels = graph.apply(Operators.SHAPE, "batch_channels", Map.of("start", 0, "end", 2), h);
            ONNXRef<?> sizes = graph.apply(ONNXOperators.CONCAT, "resize_sizes", Map.of("axis", 0), batchAndChannels,
                    graph.longs("resize_size", resize));
            ONNXRef<?> none = graph.constant("no_roi", DataType.FLOAT, new long[] {0}, new double[0]);
            ONNXRef<?> noScales = graph.constant("no_scales", DataType.FLOAT, new long[] {0}, new double[0]);
            h = graph.apply(Operators.RESIZE, "resized", Map.of("mode", "linear", "coordinate_transformation_mode",
                    "half_pixel"), h, none, noScales, sizes);
        }
        Normalization normalization = preprocessor.normalization();
        if (normalization != null) {
            long[] broadcast = new long[rank];
            Arrays.fill(broadcast, 1);
            broadcast[1] = normalization.channels();
            h = graph.apply(ONNXOperators.SUB, "centred", h,
                    graph.constant("normalization_mean", computed, broadcast, normalization.mean()));
            h = graph.apply(ONNXOperators.DIV, "normalized", h,
                    graph.constant("normalization_std", computed, broadcast, normalization.std()));
        }
        return h;
    }
}
