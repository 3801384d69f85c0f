package io.github.dann4j.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.dann4j.export.ExportOptions.InputKind;
import io.github.dann4j.export.ExportOptions.Precision;
import io.github.dann4j.export.OnnxGraph.Dim;
import io.github.dann4j.model.ModelDescription;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Architecture;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import io.github.dann4j.runtime.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a trained model as an ONNX file that any ONNX runtime serves: the classifier path
 * g_y∘g_f with outputs {@code logits} {@code [batch, classes]} and {@code probabilities}
 * (softmax), optionally {@code target_probability} {@code [batch, 1]} (the domain classifier's
 * probability that an input looks like the target domain), and by default the saved
 * preprocessing in front, so that the input is what the training data was on disk (uint8 images
 * {@code [batch, C, H, W]} or raw features {@code [batch, D]}). A regression model's graph has
 * the output {@code values} {@code [batch, outputs]} instead, g_y's raw outputs with no softmax.
 *
 * <p>The graph uses the default ONNX domain at opset {@value #OPSET}, IR version
 * {@value #IR_VERSION}; the batch dimension is symbolic. It is built with Tribuo's ONNX utilities
 * (the {@code OnnxMl} protobuf classes). The model's {@code metadata_props} carry the input's
 * name, type and shape, the classes, the preprocessing and the architecture ({@code dann4j.*} keys).
 *
 * <p>Architectures: {@link Architecture.Kind#MLP} (every {@link io.github.dann4j.nn.Activation})
 * and {@link Architecture.Kind#DIGITS}. A model with a feature extractor of the caller's own has no
 * known graph and is refused.
 */
public final class OnnxExport {
    /** The ONNX opset of every node (default domain). */
    public static final int OPSET = 17;
    /** The ONNX IR version of the file (8: ONNX 1.12, the first with opset 17). */
    public static final long IR_VERSION = 8;
    /** The input's name. */
    public static final String INPUT = "input";
    /** Output names. */
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";
    public static final String TARGET_PROBABILITY = "target_probability";
    /** A regression model's output: the predicted values. */
    public static final String VALUES = "values";

    /** Protobuf messages cannot exceed 2 GiB; weights are most of the file. */
    private static final long MAX_WEIGHT_BYTES = (1L << 31) - (64L << 20);

    private OnnxExport() {}

    /** Exports a loaded model folder with its preprocessing (unless {@code options} leave it out). */
    public static ExportedModel export(TrainedModel model, ExportOptions options) {
        if (model == null) {
            throw new IllegalArgumentException("the model is null");
        }
        ModelDescription description = model.description();
        return model.withNetwork(network -> build(network, description.architecture(), description.preprocessor(),
                description.dtype(), options));
    }

    /** {@link #export(TrainedModel, ExportOptions)}, then {@link ExportedModel#save}. */
    public static ExportedModel export(TrainedModel model, Path file, ExportOptions options) {
        ExportedModel exported = export(model, options);
        exported.save(file);
        return exported;
    }

    /**
     * Exports a model trained through the Java API with the preprocessing its data had (null: none,
     * the graph takes what the network takes).
     *
     * @throws IllegalArgumentException for a model with a feature extractor of the caller's own
     */
    public static ExportedModel export(DannModel model, Preprocessor preprocessor, ExportOptions options) {
        if (model == null) {
            throw new IllegalArgumentException("the model is null");
        }
        Architecture architecture = model.architecture().orElseThrow(() -> new IllegalArgumentException(
                "cannot export this model to ONNX: its feature extractor is one of the caller's own"
                        + " (FeatureExtractor.of), whose graph dann4j does not know; ONNX export covers the MLP and the"
                        + " digits network"));
        ExportOptions effective = options == null ? null : preprocessor == null ? options.withoutPreprocessing() : options;
        return build(model, architecture, preprocessor == null ? Preprocessor.none() : preprocessor,
                ModelFolder.dtypeOf(model), effective);
    }

    private static ExportedModel build(DannModel network, Architecture architecture, Preprocessor preprocessor,
            ScalarType modelType, ExportOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("export options are null (use ExportOptions.DEFAULTS)");
        }
        if (options.domainOutput() && network.domainOutputCount() != 1) {
            throw new IllegalArgumentException("the domain output is a probability for models with one domain output;"
                    + " this one has " + network.domainOutputCount());
        }
        DataType type = options.precision() == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
        if (Limits.times(architecture.parameterCount(), type == DataType.DOUBLE ? 8 : 4) > MAX_WEIGHT_BYTES) {
            throw new IllegalArgumentException("the model's weights (" + architecture.parameterCount()
                    + " parameters) do not fit in one ONNX file: protobuf messages are limited to 2 GiB, and"
                    + " external weight files are not written");
        }
        List<String> notes = new ArrayList<>();
        if (modelType == ScalarType.Double && type == DataType.FLOAT) {
            notes.add("the model is float64; it was exported as float32 (ask for float64 precision to keep float64)");
        }
        if (type == DataType.DOUBLE && architecture.kind() == Architecture.Kind.DIGITS) {
            notes.add("ONNX Runtime's CPU provider has no float64 Conv (1.23): this valid float64 file needs a runtime"
                    + " that has one; export in float32 to serve it with ONNX Runtime on the CPU");
        }
        long[] sample = architecture.sampleShape();
        boolean images = architecture.kind() == Architecture.Kind.DIGITS;
        boolean preprocess = options.preprocessing();
        boolean uint8 = preprocess && (options.inputKind() == InputKind.UINT8
                || options.inputKind() == InputKind.AUTO && images);

        List<Dim> inputDims = new ArrayList<>();
        inputDims.add(Dim.named("batch"));
        if (preprocess && images) {
            boolean anySize = preprocessor.cropSize() != null || preprocessor.resizeSize() != null;
            inputDims.add(preprocessor.greyToRgbEnabled() ? Dim.named("channels") : Dim.of(sample[0]));
            inputDims.add(anySize ? Dim.named("height") : Dim.of(sample[1]));
            inputDims.add(anySize ? Dim.named("width") : Dim.of(sample[2]));
        } else {
            for (long size : sample) {
                inputDims.add(Dim.of(size));
            }
        }
        DataType inputType = uint8 ? DataType.UINT8 : type;

        OnnxGraph graph = new OnnxGraph();
        ONNXRef<?> x = graph.input(INPUT, inputType, inputDims);
        if (preprocess) {
            x = PreprocessingGraph.append(graph, preprocessor, x, uint8, type, sample.length + 1);
            if (uint8 && type != DataType.FLOAT) {
                x = graph.cast(x, type); // dann4j preprocesses uint8 data in float32, then converts to the model's dtype
            }
        }
        NetworkGraph.Outputs net = NetworkGraph.append(graph, network, architecture, type, x, options.domainOutput());
        List<Dim> perClass = List.of(Dim.named("batch"), Dim.of(architecture.classes()));
        boolean regression = architecture.task() == Task.REGRESSION;
        List<String> outputs = new ArrayList<>();
        if (regression) {
            graph.output(net.logits(), VALUES, type, perClass); // the values themselves: no softmax
            outputs.add(VALUES);
        } else {
            graph.output(net.logits(), LOGITS, type, perClass);
            graph.output(graph.apply(ONNXOperators.SOFTMAX, "softmax", Map.of("axis", 1), net.logits()), PROBABILITIES,
                    type, perClass);
            outputs.addAll(List.of(LOGITS, PROBABILITIES));
        }
        if (net.targetProbability() != null) {
            graph.output(net.targetProbability(), TARGET_PROBABILITY, type, List.of(Dim.named("batch"), Dim.of(1)));
            outputs.add(TARGET_PROBABILITY);
        }

        String inputTypeName = uint8 ? "uint8" : type == DataType.DOUBLE ? "float64" : "float32";
        String inputShape = inputDims.toString();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dann4j.input.name", INPUT);
        metadata.put("dann4j.input.dtype", inputTypeName);
        metadata.put("dann4j.input.shape", inputShape);
        metadata.put("dann4j.outputs", String.join(",", outputs));
        if (regression) {
            metadata.put("dann4j.task", Task.REGRESSION.text());
            metadata.put("dann4j.values", Long.toString(architecture.classes()));
        } else {
            metadata.put("dann4j.classes", Long.toString(architecture.classes()));
            StringJoiner names = new StringJoiner(",");
            for (long c = 0; c < architecture.classes(); c++) {
                names.add(Long.toString(c)); // dann4j's labels are class indices
            }
            metadata.put("dann4j.class_names", names.toString());
        }
        metadata.put("dann4j.preprocessing", preprocess ? preprocessor.toString()
                : "none: the input is what the network takes (preprocessed, float)");
        if (preprocess && (preprocessor.cropSize() != null)) {
            long[] crop = preprocessor.cropSize();
            metadata.put("dann4j.input.min_size", crop[0] + "x" + crop[1]);
        }
        metadata.put("dann4j.architecture", architecture.toString());
        metadata.put("dann4j.precision", type == DataType.DOUBLE ? "float64" : "float32");
        metadata.put("dann4j.model_dtype", modelType == ScalarType.Double ? "float64" : "float32");

        OnnxMl.ModelProto.Builder proto = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("dann4j")
                .setProducerVersion(ModelDescription.currentDann4jVersion())
                .setDocString("DANN " + (regression ? "regression model" : "classifier") + " exported by dann4j: " + architecture + "; input " + INPUT + " "
                        + inputTypeName + " " + inputShape + "; outputs " + String.join(", ", outputs))
                .setGraph(graph.build("dann4j_" + architecture.kind().name().toLowerCase(Locale.ROOT)));
        metadata.forEach((k, v) -> proto.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return new ExportedModel(proto.build().toByteArray(), INPUT, inputTypeName, inputShape, outputs, notes);
    }
}
