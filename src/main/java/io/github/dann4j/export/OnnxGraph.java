package io.github.dann4j.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A graph under construction: Tribuo's {@link ONNXContext} (which names nodes and initializers
 * uniquely and builds the protobuf messages) plus what it cannot declare itself — inputs and
 * outputs of any rank and element type, and float64 initializers of any shape — applied to the
 * finished {@code GraphProto} by {@link #build()}.
 */
final class OnnxGraph {
    /** One dimension of a declared input or output: a fixed size, or a named symbolic one. */
    record Dim(long size, String symbol) {
        static Dim of(long size) {
            return new Dim(size, null);
        }

        static Dim named(String symbol) {
            return new Dim(-1, symbol);
        }

        @Override
        public String toString() {
            return symbol != null ? symbol : Long.toString(size);
        }
    }

    private final ONNXContext context = new ONNXContext();
    private final Map<String, OnnxMl.ValueInfoProto> declared = new HashMap<>(); // inputs and outputs by name
    private final Map<String, long[]> shapes = new HashMap<>(); // float64 initializers by name

    /** A graph input named {@code name}; the name is kept exactly. */
    ONNXPlaceholder input(String name, DataType type, List<Dim> dims) {
        ONNXPlaceholder placeholder = context.floatInput(name, 1);
        declared.put(name, valueInfo(name, type, dims));
        return placeholder;
    }

    /** Makes {@code value} the graph output {@code name} (an Identity node); the name is kept exactly. */
    void output(ONNXRef<?> value, String name, DataType type, List<Dim> dims) {
        ONNXPlaceholder placeholder = context.floatOutput(name, 1);
        declared.put(name, valueInfo(name, type, dims));
        value.assignTo(placeholder);
    }

    /**
     * A constant of {@code type} (FLOAT or DOUBLE) with the given shape and row-major values; at
     * least one dimension (Tribuo's builders count a scalar as empty: use {@code {1}}, which broadcasts alike).
     */
    ONNXInitializer constant(String name, DataType type, long[] shape, double[] values) {
        if (shape.length == 0) {
            throw new IllegalArgumentException(name + ": a constant needs at least one dimension");
        }
        long count = 1;
        for (long size : shape) {
            count = Math.multiplyExact(count, size);
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + count
                    + " values, got " + values.length);
        }
        if (type == DataType.FLOAT) {
            List<Integer> dims = Arrays.stream(shape).mapToObj(Math::toIntExact).toList();
            return context.floatTensor(name, dims, buffer -> {
                for (double v : values) {
                    buffer.put((float) v);
                }
            });
        }
        if (type != DataType.DOUBLE) {
            throw new IllegalArgumentException("constants are FLOAT or DOUBLE, got " + type);
        }
        ONNXInitializer initializer = context.array(name, values, false); // one-dimensional: reshaped in build()
        shapes.put(initializer.getReference(), shape.clone());
        return initializer;
    }

    /** A one-dimensional int64 constant. */
    ONNXInitializer longs(String name, long... values) {
        return context.array(name, values);
    }

    /** A node with one output. */
    ONNXNode apply(ONNXOperator op, String output, Map<String, Object> attributes, ONNXRef<?>... inputs) {
        return context.operation(op, Arrays.asList(inputs), output, attributes);
    }

    /** A node with one output and no attributes. */
    ONNXNode apply(ONNXOperator op, String output, ONNXRef<?>... inputs) {
        return apply(op, output, Map.of(), inputs);
    }

    /** {@code value} cast to {@code type}. */
    ONNXNode cast(ONNXRef<?> value, DataType type) {
        return apply(ONNXOperators.CAST, "cast", Map.of("to", type.getNumber()), value);
    }

    /** The finished graph, with the inputs, outputs and float64 shapes declared above. */
    OnnxMl.GraphProto build(String name) {
        context.setName(name);
        OnnxMl.GraphProto.Builder graph = context.buildGraph().toBuilder();
        for (int i = 0; i < graph.getInputCount(); i++) {
            graph.setInput(i, declared.get(graph.getInput(i).getName()));
        }
        for (int i = 0; i < graph.getOutputCount(); i++) {
            graph.setOutput(i, declared.get(graph.getOutput(i).getName()));
        }
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            long[] shape = shapes.get(graph.getInitializer(i).getName());
            if (shape != null) {
                OnnxMl.TensorProto.Builder tensor = graph.getInitializer(i).toBuilder().clearDims();
                for (long size : shape) {
                    tensor.addDims(size);
                }
                graph.setInitializer(i, tensor.build());
            }
        }
        return graph.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, List<Dim> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Dim dim : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (dim.symbol() != null) {
                d.setDimParam(dim.symbol());
            } else {
                d.setDimValue(dim.size());
            }
            shape.addDim(d);
        }
        OnnxMl.TypeProto.Tensor tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
                .setShape(shape).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
