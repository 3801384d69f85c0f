package io.github.dann4j.export;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.Architecture;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainConditioning;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The network's nodes: g_f (the MLP's linear layers and activations, or the digits network's
 * conv → ReLU → max-pool ×2 → flatten), g_y to class logits, and optionally g_d to the domain
 * classifier's target probability (on the features, or for a CDAN model on its map of features
 * and class probabilities). The randomized map's buffers are used only there: without the domain
 * output the graph holds the classifier path alone. Weights are copied from the model's state tensors by their
 * PyTorch names ({@code feature.0.weight}, ...), in the graph's precision.
 */
final class NetworkGraph {
    /** The network's outputs in the graph; {@code targetProbability} is null without the domain output. */
    record Outputs(ONNXRef<?> logits, ONNXRef<?> targetProbability) {}

    private final OnnxGraph graph;
    private final Map<String, Tensor> state;
    private final DataType type;

    private NetworkGraph(OnnxGraph graph, Map<String, Tensor> state, DataType type) {
        this.graph = graph;
        this.state = state;
        this.type = type;
    }

    /**
     * Appends the network on {@code x} (its input, already of {@code type}).
     *
     * @param domain whether to add the domain classifier's target probability
     */
    static Outputs append(OnnxGraph graph, DannModel model, Architecture architecture, DataType type, ONNXRef<?> x,
            boolean domain) {
        try (PointerScope scope = new PointerScope()) {
            NetworkGraph net = new NetworkGraph(graph, model.stateTensors(), type);
            ONNXRef<?> features = architecture.kind() == Architecture.Kind.DIGITS
                    ? net.digitsFeatures(x)
                    : net.mlp("feature", x, architecture.featureSizes().length, architecture.activation(), true);
            ONNXRef<?> logits = net.mlp("classifier", features, architecture.classifierSizes().length,
                    architecture.activation(), false);
            ONNXRef<?> target = null;
            if (domain) {
                ONNXRef<?> seen = architecture.conditioning().conditional()
                        ? net.domainMap(features, logits, architecture.conditioning()) : features;
                ONNXRef<?> d = net.mlp("discriminator", seen, architecture.discriminatorSizes().length,
                        architecture.activation(), false);
                // The sigmoid of a PROBABILITIES model's last module (it has no weights), or the one
                // inference applies to a LOGITS model's output: the same node either way.
                target = graph.apply(ONNXOperators.SIGMOID, "target_sigmoid", d);
            }
            return new Outputs(logits, target);
        }
    }

    /**
     * CDAN's map of features f {@code [N, F]} and class probabilities g = softmax(logits)
     * {@code [N, C]}, as {@code DannModel} computes it: multilinear, {@code g_c f_j} at
     * {@code c·F + j} ({@code [N, C, 1] ⊙ [N, 1, F]} flattened); randomized,
     * {@code (f R_f) / √d ⊙ (g R_g)} with the buffers {@code domain_map_features} and
     * {@code domain_map_classes} as constants.
     */
    private ONNXRef<?> domainMap(ONNXRef<?> features, ONNXRef<?> logits, DomainConditioning conditioning) {
        ONNXRef<?> g = graph.apply(ONNXOperators.SOFTMAX, "domain_map_softmax", Map.of("axis", 1), logits);
        if (conditioning.kind() == DomainConditioning.Kind.MULTILINEAR) {
            ONNXRef<?> column = graph.apply(Operators.UNSQUEEZE, "domain_map_classes_column", g,
                    graph.longs("domain_map_axis_2", 2));
            ONNXRef<?> row = graph.apply(Operators.UNSQUEEZE, "domain_map_features_row", features,
                    graph.longs("domain_map_axis_1", 1));
            ONNXRef<?> outer = graph.apply(ONNXOperators.MUL, "domain_map_outer", column, row);
            return graph.apply(Operators.FLATTEN, "domain_map", Map.of("axis", 1), outer);
        }
        ONNXRef<?> projected = graph.apply(ONNXOperators.GEMM, "domain_map_features_projected", features,
                weight("domain_map_features", 2));
        ONNXRef<?> scaled = graph.apply(ONNXOperators.DIV, "domain_map_features_scaled", projected,
                graph.constant("domain_map_sqrt_width", type, new long[] {1},
                        new double[] {Math.sqrt((double) conditioning.randomizedWidth())}));
        ONNXRef<?> classes = graph.apply(ONNXOperators.GEMM, "domain_map_classes_projected", g,
                weight("domain_map_classes", 2));
        return graph.apply(ONNXOperators.MUL, "domain_map", scaled, classes);
    }

    /** Conv 5×5 → ReLU → max-pool 2, twice, then flatten; convolutions are {@code feature.0} and {@code feature.3}. */
    private ONNXRef<?> digitsFeatures(ONNXRef<?> x) {
        ONNXRef<?> h = x;
        for (String conv : new String[] {"feature.0", "feature.3"}) {
            h = graph.apply(Operators.CONV, conv, Map.of("kernel_shape", new int[] {5, 5}), h,
                    weight(conv + ".weight", 4), weight(conv + ".bias", 1));
            h = graph.apply(Operators.RELU, conv + "_relu", h);
            h = graph.apply(Operators.MAX_POOL, conv + "_pool", Map.of("kernel_shape", new int[] {2, 2},
                    "strides", new int[] {2, 2}), h);
        }
        return graph.apply(Operators.FLATTEN, "features", Map.of("axis", 1), h);
    }

    /**
     * A Sequential of {@code layers} linear layers numbered as {@code Mlp.build} numbers them
     * (linear layers at even indices), each but the last followed by the activation, the last
     * too when {@code activateOutput}.
     */
    private ONNXRef<?> mlp(String prefix, ONNXRef<?> x, int layers, Activation activation, boolean activateOutput) {
        ONNXRef<?> h = x;
        for (int i = 0; i < layers; i++) {
            String name = prefix + "." + (2 * i);
            h = graph.apply(ONNXOperators.GEMM, name, Map.of("transB", 1), h, weight(name + ".weight", 2),
                    weight(name + ".bias", 1));
            if (activateOutput || i < layers - 1) {
                h = activate(h, activation, name);
            }
        }
        return h;
    }

    private ONNXRef<?> activate(ONNXRef<?> h, Activation activation, String after) {
        return switch (activation) {
            case RELU -> graph.apply(Operators.RELU, after + "_relu", h);
            case TANH -> graph.apply(Operators.TANH, after + "_tanh", h);
            case SIGMOID -> graph.apply(ONNXOperators.SIGMOID, after + "_sigmoid", h);
        };
    }

    /** The state tensor {@code key} as a graph constant, checked to have {@code rank} dimensions. */
    private ONNXRef<?> weight(String key, int rank) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException("the model has no parameter " + key + " (its parameters are "
                    + state.keySet() + "); its layers do not match its architecture");
        }
        long[] shape = TensorChecks.shape(t);
        if (shape.length != rank) {
            throw new IllegalArgumentException("parameter " + key + " has shape " + Arrays.toString(shape) + ", expected "
                    + rank + " dimensions");
        }
        return graph.constant(key, type, shape, Tensors.toDoubles(t));
    }
}
