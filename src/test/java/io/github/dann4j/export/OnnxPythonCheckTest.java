package io.github.dann4j.export;

import static io.github.dann4j.export.ExportFixtures.pixels;
import static io.github.dann4j.export.ExportFixtures.randomNormalization;
import static io.github.dann4j.export.ExportFixtures.trainedDigits;
import static io.github.dann4j.export.ExportFixtures.trainedMlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.export.ExportOptions.Precision;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.testing.Npy;
import io.github.dann4j.testing.ReferencePython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python side of the export's verification: every exported architecture passes
 * {@code onnx.checker.check_model(full_check=True)}, and Python's onnxruntime, run by
 * {@code reference/check_onnx.py} on the raw inputs written here, gives dann4j's own outputs
 * (within 1e-5 in float32, 1e-12 in float64; classes identical). The float64 digits network is
 * only checked: onnxruntime's CPU provider has no float64 Conv. Needs a Python with onnx and
 * onnxruntime (DANN4J_REFERENCE_PYTHON, see reference/README.md); skipped, with the reason, without one.
 */
class OnnxPythonCheckTest {
    private static final Path SCRIPT = Path.of("reference", "check_onnx.py");

    @Test
    void exportedFilesPassTheOnnxCheckerAndRunInPythonOnnxRuntime(@TempDir Path dir) throws Exception {
        ReferencePython.python(); // skips before the exports without a Python
        List<String> runnable = new ArrayList<>();
        for (Activation activation : Activation.values()) {
            String name = "mlp_" + activation.name().toLowerCase(Locale.ROOT);
            try (TrainedModel model = TrainedModel.of(trainedMlp(activation, DomainOutput.LOGITS, ScalarType.Float),
                    Preprocessor.none().normalize(randomNormalization(400, 3), "source"));
                    PointerScope scope = new PointerScope()) {
                OnnxExport.export(model, dir.resolve(name + ".onnx"), ExportOptions.DEFAULTS.withDomainOutput());
                Tensor rows = featureRows(7, 21);
                writeCase(dir, name, model, rows, rows, "<f4");
                runnable.add(name);
            }
        }
        Preprocessor digitsPreprocessing = Preprocessor.none().greyToRgb().crop(28, 28)
                .normalize(randomNormalization(3, 4), "source");
        try (TrainedModel model = TrainedModel.of(trainedDigits(3, 28), digitsPreprocessing);
                PointerScope scope = new PointerScope()) {
            OnnxExport.export(model, dir.resolve("digits_uint8.onnx"), ExportOptions.DEFAULTS.withDomainOutput());
            Tensor images = pixels(256, 1, 32, 32, 22); // grey MNIST-M-sized images: grey -> RGB, crop 28x28
            writeCase(dir, "digits_uint8", model, images, images, "|u1");
            runnable.add("digits_uint8");

            OnnxExport.export(model, dir.resolve("digits_bare.onnx"),
                    ExportOptions.DEFAULTS.withoutPreprocessing().withDomainOutput());
            Tensor raw = pixels(7, 1, 32, 32, 23);
            // dann4j on the raw images; the graph on what dann4j's preprocessing made of them.
            writeCase(dir, "digits_bare", model, raw, model.prepare(raw, "images"), "<f4");
            runnable.add("digits_bare");
        }
        ExportOptions float64 = ExportOptions.DEFAULTS.withDomainOutput().withPrecision(Precision.FLOAT64);
        try (TrainedModel model = TrainedModel.of(trainedMlp(Activation.RELU, DomainOutput.LOGITS, ScalarType.Double),
                Preprocessor.none().normalize(randomNormalization(400, 9), "source"));
                PointerScope scope = new PointerScope()) {
            OnnxExport.export(model, dir.resolve("mlp_float64.onnx"), float64);
            Tensor rows = featureRows(7, 24).to(ScalarType.Double);
            writeCase(dir, "mlp_float64", model, rows, rows, "<f8");
            runnable.add("mlp_float64");
        }
        DannModel network = trainedDigits(1, 28);
        network.to(new Device("cpu"), ScalarType.Double);
        try (TrainedModel model = TrainedModel.of(network, Preprocessor.none().crop(28, 28)
                .normalize(randomNormalization(1, 10), "source"))) {
            OnnxExport.export(model, dir.resolve("digits_float64.onnx"), float64); // no inputs: checked only
        }

        String output = ReferencePython.runFile(SCRIPT, dir.toString());
        System.out.println("reference/check_onnx.py:\n" + output);
        assertTrue(output.startsWith("onnx "), output);
        for (String name : runnable) {
            assertTrue(output.contains("ran: " + name + ".onnx "), name + " was not run:\n" + output);
        }
        assertTrue(output.contains("checked only: digits_float64.onnx (not run: a float64 Conv"), output);
        try (var files = Files.list(dir)) {
            long onnxFiles = files.filter(f -> f.toString().endsWith(".onnx")).count();
            assertEquals(runnable.size() + 1, onnxFiles);
            assertTrue(output.contains("all " + onnxFiles + " files valid"), output);
        }
    }

    /** {@code n} rows of 400 features, N(0.5, 2²). */
    private static Tensor featureRows(int n, long seed) {
        torch.manual_seed(seed);
        return torch.randn(n, 400).mul(new Scalar(2.0)).add(new Scalar(0.5));
    }

    /**
     * Writes {@code NAME.inputs.npy} ({@code graphInput} as the graph takes it, stored as {@code
     * descr}) and {@code NAME.expected.npz}: dann4j's own outputs on {@code raw} (float64), keyed
     * by output name, and its classes.
     */
    private static void writeCase(Path dir, String name, TrainedModel model, Tensor raw, Tensor graphInput, String descr)
            throws IOException {
        Files.write(dir.resolve(name + ".inputs.npy"),
                Npy.array(descr, TensorChecks.shape(graphInput), Tensors.toDoubles(graphInput)));
        Dann4jOutputs expected = Dann4jOutputs.of(model, raw, name);
        long rows = expected.rows();
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> output : expected.byOutput().entrySet()) {
            long columns = output.getValue().length / rows;
            arrays.put(output.getKey(), Npy.array("<f8", new long[] {rows, columns}, output.getValue()));
        }
        double[] classes = new double[expected.rows()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = expected.classes()[i];
        }
        arrays.put("classes", Npy.array("<i8", new long[] {rows}, classes));
        Npy.npz(dir.resolve(name + ".expected.npz"), arrays, true);
    }
}
