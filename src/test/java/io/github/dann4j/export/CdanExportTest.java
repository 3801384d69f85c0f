package io.github.dann4j.export;

import static io.github.dann4j.export.ExportFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainConditioning;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.Method;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * CDAN models export like DANN models: the classifier path is the same graph, and with the domain
 * output the graph computes the model's map of features and class probabilities (multilinear or
 * randomized, whose R_f and R_g buffers become constants) before the domain head. ONNX Runtime
 * then gives dann4j's own logits, probabilities and target probability within 1e-5 (float32).
 */
class CdanExportTest {
    private static final double TOLERANCE = 1e-5;

    /** A few CDAN+E steps on random data, so that no weight is an initial one. */
    private static DannModel trained(DannModel model, Tensor x, Tensor y, Tensor target) {
        try (PointerScope scope = new PointerScope();
                TensorDataset s = TensorDataset.labelled(x, y);
                TensorDataset t = TensorDataset.unlabelled(target);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(15).batchSizes(16, 16)
                        .method(Method.CDAN_E).build())) {
            trainer.run(null);
        }
        return model;
    }

    private static DannModel mlp(DomainConditioning map) {
        torch.manual_seed(21);
        DannModel model = DannModel.mlp(40).features(24, 12).classifier(9, 4).discriminator(8, 1)
                .activation(Activation.TANH).conditioning(map).build();
        try (PointerScope scope = new PointerScope()) {
            return trained(model, torch.randn(64, 40).mul(new Scalar(2.0)),
                    torch.randint(0, 4, new long[] {64}, new TensorOptions(ScalarType.Long)), torch.randn(64, 40));
        }
    }

    private static void assertSameOutputs(String name, TrainedModel model, ExportedModel exported, Tensor raw)
            throws Exception {
        Dann4jOutputs expected = Dann4jOutputs.of(model, raw, name);
        Map<String, double[]> actual;
        try (Ort ort = new Ort(exported.bytes())) {
            actual = OnnxExportTest.run(ort, raw, exported.inputType());
        }
        for (Map.Entry<String, double[]> output : expected.byOutput().entrySet()) {
            double[] e = output.getValue();
            double[] a = actual.get(output.getKey());
            assertEquals(e.length, a.length, name + " " + output.getKey());
            double worst = 0;
            for (int i = 0; i < e.length; i++) {
                worst = Math.max(worst, Math.abs(e[i] - a[i]));
            }
            System.out.printf(java.util.Locale.ROOT, "onnx cdan max |difference| %s %s: %.3g%n", name, output.getKey(), worst);
            assertTrue(worst <= TOLERANCE, name + " " + output.getKey() + ": max |difference| " + worst);
        }
    }

    private static boolean hasConstant(ExportedModel exported, String name) throws Exception {
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(exported.bytes());
        return proto.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().startsWith(name));
    }

    @Test
    void multilinearAndRandomizedMlpsExportWithTheirDomainMap() throws Exception {
        for (DomainConditioning map : new DomainConditioning[] {DomainConditioning.multilinear(),
                DomainConditioning.randomized(10)}) {
            try (TrainedModel model = TrainedModel.of(mlp(map), Preprocessor.none())) {
                ExportedModel withDomain = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
                ExportedModel classifier = OnnxExport.export(model, ExportOptions.DEFAULTS);
                boolean randomized = map.kind() == DomainConditioning.Kind.RANDOMIZED;
                assertEquals(randomized, hasConstant(withDomain, "domain_map_features"), map + " with the domain output");
                assertFalse(hasConstant(classifier, "domain_map_features"), map + ": the classifier graph needs no map");
                for (int n : new int[] {1, 7, 256}) {
                    try (PointerScope scope = new PointerScope()) {
                        torch.manual_seed(n);
                        Tensor rows = torch.randn(n, 40).mul(new Scalar(2.0));
                        assertSameOutputs("mlp " + map + " n=" + n, model, withDomain, rows);
                        Map<String, double[]> logits;
                        try (Ort ort = new Ort(classifier.bytes())) {
                            logits = OnnxExportTest.run(ort, rows, "float32");
                        }
                        assertFalse(logits.containsKey(OnnxExport.TARGET_PROBABILITY));
                    }
                }
            }
        }
    }

    @Test
    void theDigitsNetworkOnTheRandomizedMapExportsWithItsPreprocessing() throws Exception {
        torch.manual_seed(22);
        DannModel network = DannModel.digits(3, 28, 10, DomainConditioning.randomized(1024), 100, 1);
        try (PointerScope scope = new PointerScope()) {
            trained(network, torch.rand(48, 3, 28, 28), torch.randint(0, 10, new long[] {48},
                    new TensorOptions(ScalarType.Long)), torch.rand(48, 3, 28, 28));
        }
        try (TrainedModel model = TrainedModel.of(network, Preprocessor.none().greyToRgb().crop(28, 28).normalize(ExportFixtures.randomNormalization(3, 4), "source"));
                PointerScope scope = new PointerScope()) {
            ExportedModel exported = OnnxExport.export(model, ExportOptions.DEFAULTS.withDomainOutput());
            assertEquals("uint8", exported.inputType());
            assertSameOutputs("digits randomized:1024 n=7", model, exported, pixels(7, 1, 32, 32, 5));
        }
    }
}
