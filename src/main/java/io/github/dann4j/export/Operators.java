package io.github.dann4j.export;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators dann4j's graphs need beyond Tribuo's {@code ONNXOperators} (which has Gemm,
 * Softmax, Sigmoid, Cast, Sub, Div, Concat, Gather but no convolution, pooling, ReLU or Tanh),
 * declared the same way: name, inputs (required + optional), outputs, attributes. Each is valid
 * in {@link OnnxExport#OPSET} (the version of each operator's schema in that opset is noted).
 */
enum Operators implements ONNXOperator {
    /** Conv-11: X, W, optional B. */
    CONV("Conv", 2, 1, attribute("kernel_shape", AttributeType.INTS), attribute("strides", AttributeType.INTS),
            attribute("pads", AttributeType.INTS), attribute("dilations", AttributeType.INTS),
            attribute("group", AttributeType.INT)),
    /** MaxPool-12. */
    MAX_POOL("MaxPool", 1, 0, required("kernel_shape", AttributeType.INTS), attribute("strides", AttributeType.INTS)),
    /** Relu-14. */
    RELU("Relu", 1, 0),
    /** Tanh-13. */
    TANH("Tanh", 1, 0),
    /** Flatten-13: {@code [N, ...]} to {@code [N, rest]} for axis 1. */
    FLATTEN("Flatten", 1, 0, attribute("axis", AttributeType.INT)),
    /** Shape-15, with start and end to take some dimensions only. */
    SHAPE("Shape", 1, 0, attribute("start", AttributeType.INT), attribute("end", AttributeType.INT)),
    /** Slice-13: data, starts, ends, optional axes and steps. */
    SLICE("Slice", 3, 2),
    /** Unsqueeze-13: data, axes (int64). */
    UNSQUEEZE("Unsqueeze", 2, 0),
    /** Expand-13: data, shape (broadcasting, so {@code [N,1,H,W]} and {@code [N,3,H,W]} both give 3 channels). */
    EXPAND("Expand", 2, 0),
    /** Resize-13: X, roi, scales, sizes. */
    RESIZE("Resize", 4, 0, attribute("mode", AttributeType.STRING),
            attribute("coordinate_transformation_mode", AttributeType.STRING));

    private final String name;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;
    private final Set<String> mandatory;

    Operators(String name, int inputs, int optionalInputs, ONNXAttribute... attributes) {
        this.name = name;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        Map<String, ONNXAttribute> byName = new HashMap<>();
        Set<String> required = new HashSet<>();
        for (ONNXAttribute a : attributes) {
            byName.put(a.getName(), a);
            if (a.isMandatory()) {
                required.add(a.getName());
            }
        }
        this.attributes = Collections.unmodifiableMap(byName);
        this.mandatory = Collections.unmodifiableSet(required);
    }

    private static ONNXAttribute attribute(String name, AttributeType type) {
        return new ONNXAttribute(name, type, false);
    }

    private static ONNXAttribute required(String name, AttributeType type) {
        return new ONNXAttribute(name, type, true);
    }

    @Override
    public String getOpName() {
        return name;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return mandatory;
    }

    @Override
    public int getOpVersion() {
        return OnnxExport.OPSET;
    }

    @Override
    public String getOpDomain() {
        return null; // the default ONNX domain
    }
}
