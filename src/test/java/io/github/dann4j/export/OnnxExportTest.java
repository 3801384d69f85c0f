package io.github.dann4j.export;

import static io.github.dann4j.export.ExportFixtures.pixels;
import static io.github.dann4j.export.ExportFixtures.randomNormalization;
import static io.github.dann4j.export.ExportFixtures.trainedDigits;
import static io.github.dann4j.export.ExportFixtures.trainedMlp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import io.github.dann4j.data.Normalization;
import io.github.dann4j.export.ExportOptions.InputKind;
import io.github.dann4j.export.ExportOptions.Precision;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.nn.FeatureExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.SequentialImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every exported architecture run in ONNX Runtime equals dann4j's own inference on the same raw
 * inputs: logits, probabilities and target probability within 1e-5 absolute (float32), classes
 * identical, at batch sizes 1, 7 and 256, with and without the preprocessing in the graph.
 */
class OnnxExportTest {
    private static final double TOLERANCE = 1e-5;
    private static final int[] BATCHES = {1, 7, 256};
    /** The largest difference seen per case and output, printed at the end (for the record). */
    private static final Map<String, Double> WORST = new TreeMap<>();

    @AfterAll
    static void report() {
        WORST.forEach((k, v) -> System.out.printf(java.util.Locale.ROOT, "onnx max |difference| %s: %.3g%n", k, v));
    }

    /**
     * Runs {@code raw} through the exported model in ONNX Runtime and through dann4j ({@code
     * TrainedModel.predict} with the domain output, and the network's logits on the prepared
     * input), and requires them equal within {@code tolerance}.
     */
    private static void assertSame(String name, TrainedModel model, ExportedModel exported, Tensor raw, Tensor ortInput,
            double tolerance) throws Exception {
        Dann4jOutputs expected = Dann4jOutputs.of(model, raw, name);
        int n = expected.rows();
        Map<String, double[]> actual;
        try (Ort ort = new Ort(exported.bytes())) {
            actual = run(ort, ortInput, exported.inputType());
        }
        int classes = expected.classCount();
        for (Map.Entry<String, double[]> output : expected.byOutput().entrySet()) {
            compare(name + " " + output.getKey(), output.getValue(), actual.get(output.getKey()), tolerance);
        }
        double[] p = actual.get(OnnxExport.PROBABILITIES);
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[i * classes + c] > p[i * classes + best]) {
                    best = c;
                }
            }
            assertEquals(expected.classes()[i], best, name + ": sample " + i + " classified otherwise");
        }
    }

    static Map<String, double[]> run(Ort ort, Tensor input, String type) throws Exception {
        long[] shape = io.github.dann4j.internal.TensorChecks.shape(input);
        double[] values = Tensors.toDoubles(input);
        switch (type) {
            case "uint8": {
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (int) values[i];
                }
                return ort.run(bytes, shape);
            }
            case "float32": {
                float[] floats = new float[values.length];
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = (float) values[i];
                }
                return ort.run(floats, shape);
            }
            default:
                return ort.run(values, shape);
        }
    }

    private static void compare(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": sizes");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        String key = what.replaceAll(" n=\\d+", "");
        WORST.merge(key, worst, Math::max);
        assertTrue(worst <= tolerance, what + ": max |difference| " + worst + " > " + tolerance);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void mlpWithEveryActivationEqualsDann4j(Activation activation) throws Exception {
        for (DomainOutput domain : DomainOutput.values()) {
            Normalization normalization = randomNormalization(400, 3);
            try (TrainedModel model = TrainedModel.of(trainedMlp(activation, domain, ScalarType.Float),
                    Preprocessor.none().normalize(normalization, "source"))) {
                ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
                assertEquals("float32", exported.inputType());
                assertEquals("[batch, 400]", exported.inputShape());
                for (int n : BATCHES) {
                    try (PointerScope scope = new PointerScope()) {
                        torch.manual_seed(n);
                        Tensor rows = torch.randn(n, 400).mul(new org.bytedeco.pytorch.Scalar(2.0)).add(
                                new org.bytedeco.pytorch.Scalar(0.5));
                        assertSame("mlp " + activation + " " + domain + " n=" + n, model, exported, rows, rows, TOLERANCE);
                    }
                }
            }
        }
    }

    @Test
    void digitsNetworkWithPreprocessingTakesUint8ImagesOfOneOrThreeChannels() throws Exception {
        Preprocessor preprocessor = Preprocessor.none().greyToRgb().crop(28, 28).normalize(randomNormalization(3, 4), "source");
        try (TrainedModel model = TrainedModel.of(trainedDigits(3, 28), preprocessor)) {
            ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
            assertEquals("uint8", exported.inputType());
            assertEquals("[batch, channels, height, width]", exported.inputShape());
            for (int n : BATCHES) {
                for (int channels : new int[] {1, 3}) {
                    try (PointerScope scope = new PointerScope()) {
                        Tensor images = pixels(n, channels, 32, 32, n + channels); // MNIST-M's size, cropped to 28x28
                        assertSame("digits uint8 " + channels + "ch n=" + n, model, exported, images, images, TOLERANCE);
                    }
                }
                try (PointerScope scope = new PointerScope()) {
                    Tensor exact = pixels(n, 1, 28, 28, n); // MNIST's size: the crop keeps everything
                    assertSame("digits uint8 28x28 n=" + n, model, exported, exact, exact, TOLERANCE);
                }
            }
        }
    }

    @Test
    void resizingInTheGraphEqualsLibtorchsBilinearUpAndDown() throws Exception {
        for (long[] resize : new long[][] {{28, 28}}) {
            Preprocessor preprocessor = Preprocessor.none().crop(30, 30).resize(resize[0], resize[1])
                    .normalize(randomNormalization(1, 5), "source");
            try (TrainedModel model = TrainedModel.of(trainedDigits(1, 28), preprocessor)) {
                ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
                for (int[] size : new int[][] {{32, 32}, {30, 30}, {36, 33}}) { // shrink 30 -> 28
                    try (PointerScope scope = new PointerScope()) {
                        Tensor images = pixels(7, 1, size[0], size[1], size[0] * 100 + size[1]);
                        assertSame("digits crop+resize " + size[0] + "x" + size[1], model, exported, images, images, TOLERANCE);
                    }
                }
            }
            Preprocessor upscale = Preprocessor.none().resize(28, 28);
            try (TrainedModel model = TrainedModel.of(trainedDigits(1, 28), upscale)) {
                ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
                for (int[] size : new int[][] {{16, 16}, {20, 25}, {28, 28}, {45, 40}}) {
                    try (PointerScope scope = new PointerScope()) {
                        Tensor images = pixels(7, 1, size[0], size[1], size[0] * 100 + size[1]);
                        assertSame("digits resize " + size[0] + "x" + size[1], model, exported, images, images, TOLERANCE);
                    }
                }
            }
        }
    }

    @Test
    void withoutPreprocessingTheGraphTakesTheNetworksInput() throws Exception {
        try (TrainedModel model = TrainedModel.of(trainedDigits(3, 28), Preprocessor.none().greyToRgb()
                .normalize(randomNormalization(3, 6), "source"))) {
            ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withoutPreprocessing().withDomainOutput());
            assertEquals("float32", exported.inputType());
            assertEquals("[batch, 3, 28, 28]", exported.inputShape());
            for (int n : BATCHES) {
                try (PointerScope scope = new PointerScope()) {
                    Tensor raw = pixels(n, 1, 28, 28, 40 + n);
                    Tensor prepared = model.prepare(raw, "images");
                    // dann4j on the raw images; ONNX Runtime on what dann4j's preprocessing made of them.
                    assertSame("digits bare n=" + n, model, exported, raw, prepared, TOLERANCE);
                }
            }
        }
    }

    @Test
    void aDannModelExportsDirectlyWithOrWithoutAPreprocessor() throws Exception {
        try (DannModel network = trainedMlp(Activation.TANH, DomainOutput.LOGITS, ScalarType.Float);
                PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            ExportedModel bare = OnnxExport.export(network, null, ExportOptions.DEFAULTS);
            assertEquals("float32", bare.inputType());
            torch.manual_seed(2);
            Tensor x = torch.randn(7, 400);
            double[] logits = Tensors.toDoubles(network.predictLogits(x));
            try (Ort ort = new Ort(bare.bytes())) {
                compare("DannModel direct logits", logits, run(ort, x, "float32").get(OnnxExport.LOGITS), TOLERANCE);
            }
            Normalization normalization = randomNormalization(400, 8);
            ExportedModel normalized = OnnxExport.export(network, Preprocessor.none().normalize(normalization, null),
                    ExportOptions.DEFAULTS);
            double[] expected = Tensors.toDoubles(network.predictLogits(normalization.apply(x)));
            try (Ort ort = new Ort(normalized.bytes())) {
                compare("DannModel + normalisation logits", expected, run(ort, x, "float32").get(OnnxExport.LOGITS), TOLERANCE);
            }
        }
    }

    @Test
    void float64ModelsExportAsFloat32ByDefaultAndAsFloat64WhenAsked() throws Exception {
        try (TrainedModel model = TrainedModel.of(trainedMlp(Activation.RELU, DomainOutput.LOGITS, ScalarType.Double),
                Preprocessor.none().normalize(randomNormalization(400, 9), "source"))) {
            assertEquals(ScalarType.Double, model.description().dtype());
            ExportedModel asFloat = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
            assertEquals("float32", asFloat.inputType());
            assertTrue(asFloat.notes().stream().anyMatch(n -> n.contains("float64") && n.contains("float32")), asFloat.notes().toString());
            ExportedModel asDouble = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput()
                    .withPrecision(Precision.FLOAT64));
            assertEquals("float64", asDouble.inputType());
            assertTrue(asDouble.notes().isEmpty(), asDouble.notes().toString());
            try (PointerScope scope = new PointerScope()) {
                torch.manual_seed(3);
                Tensor rows = torch.randn(256, 400).to(ScalarType.Double);
                assertSame("mlp float64 as float32", model, asFloat, rows, rows, TOLERANCE);
                assertSame("mlp float64 as float64", model, asDouble, rows, rows, 1e-12);
            }
        }
    }

    /**
     * A float64 digits network exports as float64 (valid ONNX, checked by the reference script),
     * with a note: ONNX Runtime's CPU provider has no float64 Conv, which this test confirms, so
     * that it fails, and the note gets revisited, once one does.
     */
    @Test
    void aFloat64DigitsNetworkExportsAsFloat64WithANoteOnOnnxRuntime() throws Exception {
        DannModel network = trainedDigits(1, 28);
        network.to(new Device("cpu"), ScalarType.Double);
        try (TrainedModel model = TrainedModel.of(network, Preprocessor.none().crop(28, 28)
                .normalize(randomNormalization(1, 10), "source"))) {
            ExportedModel asFloat = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
            try (PointerScope scope = new PointerScope()) {
                Tensor images = pixels(7, 1, 32, 32, 77);
                assertSame("digits float64 as float32", model, asFloat, images, images, TOLERANCE);
            }
            ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withPrecision(Precision.FLOAT64));
            assertEquals("uint8", exported.inputType());
            assertTrue(exported.notes().stream().anyMatch(n -> n.contains("ONNX Runtime") && n.contains("Conv")),
                    exported.notes().toString());
            try (Ort ort = new Ort(exported.bytes())) {
                fail("ONNX Runtime now runs float64 Conv: revisit the export's note");
            } catch (ai.onnxruntime.OrtException e) {
                assertTrue(e.getMessage().contains("Conv"), e.getMessage());
            }
        }
    }

    @Test
    void aFloatImageModelCanTakeFloatPixels() throws Exception {
        try (TrainedModel model = TrainedModel.of(trainedDigits(1, 28), Preprocessor.none().crop(28, 28))) {
            ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput()
                    .withInputKind(InputKind.FLOAT));
            assertEquals("float32", exported.inputType());
            try (PointerScope scope = new PointerScope()) {
                Tensor images = torch.rand(7, 1, 32, 32);
                assertSame("digits float pixels", model, exported, images, images, TOLERANCE);
            }
        }
    }

    @Test
    void theFileNamesItsInputsOutputsOpsetAndClasses(@TempDir Path dir) throws Exception {
        Preprocessor preprocessor = Preprocessor.none().greyToRgb().crop(28, 28).normalize(randomNormalization(3, 4), "source");
        try (TrainedModel model = TrainedModel.of(trainedDigits(3, 28), preprocessor)) {
            Path file = dir.resolve("digits.onnx");
            ExportedModel exported = OnnxExport.export(model, file, ExportOptions.DEFAULTS.withDomainOutput());
            assertArrayEquals(exported.bytes(), Files.readAllBytes(file));
            OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
            assertEquals(OnnxExport.IR_VERSION, proto.getIrVersion());
            assertEquals(1, proto.getOpsetImportCount());
            assertEquals("", proto.getOpsetImport(0).getDomain());
            assertEquals(OnnxExport.OPSET, proto.getOpsetImport(0).getVersion());
            assertEquals("dann4j", proto.getProducerName());
            Map<String, String> metadata = proto.getMetadataPropsList().stream()
                    .collect(Collectors.toMap(OnnxMl.StringStringEntryProto::getKey, OnnxMl.StringStringEntryProto::getValue));
            assertEquals("10", metadata.get("dann4j.classes"));
            assertEquals("0,1,2,3,4,5,6,7,8,9", metadata.get("dann4j.class_names"));
            assertEquals("uint8", metadata.get("dann4j.input.dtype"));
            assertEquals("[batch, channels, height, width]", metadata.get("dann4j.input.shape"));
            assertEquals("28x28", metadata.get("dann4j.input.min_size"));
            assertEquals(preprocessor.toString(), metadata.get("dann4j.preprocessing"));
            try (Ort ort = new Ort(Files.readAllBytes(file))) {
                assertEquals(metadata, ort.session().getMetadata().getCustomMetadata());
                NodeInfo input = ort.session().getInputInfo().get(OnnxExport.INPUT);
                assertEquals(OnnxJavaType.UINT8, ((TensorInfo) input.getInfo()).type);
                assertArrayEquals(new long[] {-1, -1, -1, -1}, ((TensorInfo) input.getInfo()).getShape());
                assertEquals(java.util.List.of(OnnxExport.LOGITS, OnnxExport.PROBABILITIES, OnnxExport.TARGET_PROBABILITY),
                        java.util.List.copyOf(ort.session().getOutputNames()));
                assertArrayEquals(new long[] {-1, 10}, ((TensorInfo) ort.session().getOutputInfo().get(OnnxExport.LOGITS)
                        .getInfo()).getShape());
            }
            ExportedModel plain = OnnxExport.export(model, ExportOptions.DEFAULTS);
            assertEquals(java.util.List.of(OnnxExport.LOGITS, OnnxExport.PROBABILITIES), plain.outputs());
        }
    }

    @Test
    void whatCannotBeExportedIsRefusedWithOneLine() throws Exception {
        SequentialImpl own = new SequentialImpl();
        own.push_back(new LinearImpl(4, 3));
        try (DannModel custom = DannModel.mlp(4).featureExtractor(FeatureExtractor.of(own, 3)).classifier(2).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxExport.export(custom, null, ExportOptions.DEFAULTS));
            assertTrue(e.getMessage().contains("feature extractor") && !e.getMessage().contains("\n"), e.getMessage());
        }
        try (TrainedModel twoDomainOutputs = TrainedModel.of(DannModel.mlp(4).features(3).classifier(2).discriminator(2)
                .build(), Preprocessor.none())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxExport.export(twoDomainOutputs, ExportOptions.DEFAULTS.withDomainOutput()));
            assertTrue(e.getMessage().contains("one domain output"), e.getMessage());
            OnnxExport.export(twoDomainOutputs, ExportOptions.DEFAULTS); // without the domain output it exports
        }
        TrainedModel closed = TrainedModel.of(DannModel.mlp(4).features(3).classifier(2).build(), Preprocessor.none());
        closed.close();
        assertThrows(IllegalStateException.class, () -> OnnxExport.export(closed, ExportOptions.DEFAULTS));
        try (TrainedModel images = TrainedModel.of(DannModel.mlp(4).features(3).classifier(2).build(),
                Preprocessor.none().crop(2, 2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxExport.export(images, ExportOptions.DEFAULTS));
            assertTrue(e.getMessage().contains("image steps"), e.getMessage());
        }
    }
}
