package io.github.dann4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.NativeOpException;
import io.github.dann4j.train.ConfusionMatrix;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.SequentialImpl;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * An input of the wrong shape is refused in Java with what the model expects and what it got,
 * not with libtorch's "mat1 and mat2 shapes cannot be multiplied (157x800 and 400x100)".
 */
class InputShapeTest {

    private static String refused(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void theMlpNamesItsWidth() {
        try (PointerScope scope = new PointerScope(); DannModel model = DannModel.mlp(400).features(100).classifier(10).build()) {
            assertArrayEquals(new long[] {400}, model.inputShape());
            assertEquals("the model expects 400 features; the input has 800 (input of shape [157, 800] (Float, cpu))",
                    refused(() -> model.predictLogits(torch.randn(157, 800))));
            assertEquals("the model expects 400 features; the data has 800",
                    refused(() -> model.requireInputShape(new long[] {800}, "the data")));
            assertEquals("the model expects 400 features; the data has samples of shape [1, 20, 20]",
                    refused(() -> model.requireInputShape(new long[] {1, 20, 20}, "the data")));
            assertTrue(refused(() -> model.features(torch.randn(400))).contains("inputs are [batch, ...]"));
            model.requireInputShape(new long[] {400}, "the data");
            assertEquals(157, model.predictLogits(torch.randn(157, 400)).size(0));
            assertEquals("the classifier expects 100 features (the feature extractor's output width); got features of shape"
                    + " [3, 99] (Float, cpu)", refused(() -> model.classLogits(torch.randn(3, 99))));
        }
    }

    @Test
    void theDigitsNetworkNamesItsImages() {
        try (PointerScope scope = new PointerScope(); DannModel model = DannModel.digits(3, 28, 10)) {
            assertArrayEquals(new long[] {3, 28, 28}, model.inputShape());
            assertTrue(refused(() -> model.features(torch.randn(2, 1, 28, 28)))
                    .startsWith("the model expects [3, 28, 28] images; the input has [1, 28, 28]"));
            assertEquals("the model expects [3, 28, 28] images; the data has [3, 32, 32]",
                    refused(() -> model.requireInputShape(new long[] {3, 32, 32}, "the data")));
            assertEquals(2, model.features(torch.randn(2, 3, 28, 28)).size(0));
        }
    }

    @Test
    void aCustomFeatureExtractorIsCheckedOnlyWhenItDeclaresItsShape() {
        try (PointerScope scope = new PointerScope()) {
            SequentialImpl unknown = Mlp.build(6, new long[] {5}, Activation.RELU, true);
            try (DannModel model = DannModel.mlp(6).featureExtractor(FeatureExtractor.of(unknown, 5)).classifier(2).build()) {
                assertNull(model.inputShape());
                model.requireInputShape(new long[] {7}, "the data"); // not known: nothing to check
                NativeOpException e = assertThrows(NativeOpException.class, () -> model.features(torch.randn(3, 7)));
                assertTrue(e.getMessage().startsWith("feature extractor forward failed"), e.getMessage());
            }
            SequentialImpl declared = Mlp.build(6, new long[] {5}, Activation.RELU, true);
            try (DannModel model = DannModel.mlp(6).featureExtractor(FeatureExtractor.of(declared, 5).withInputShape(6))
                    .classifier(2).build()) {
                assertEquals("the model expects 6 features; the data has 7",
                        refused(() -> model.requireInputShape(new long[] {7}, "the data")));
            }
            assertThrows(IllegalArgumentException.class, () -> FeatureExtractor.of(new SequentialImpl(), 5).withInputShape(0));
        }
    }

    @Test
    void trainerAndEvaluationRefuseDataOfAnotherWidthBeforeLibtorchSeesIt() {
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(4).features(8).classifier(2).build();
                TensorDataset wide = TensorDataset.labelled(new double[10][8], new int[10]);
                TensorDataset unlabelledWide = TensorDataset.unlabelled(new double[10][8])) {
            Device cpu = new Device("cpu");
            String expected = "the model expects 4 features; the data has 8";
            assertEquals(expected, refused(() -> Evaluation.accuracy(model, wide, 4, cpu, ScalarType.Float)));
            assertEquals(expected, refused(() -> ConfusionMatrix.of(model, wide, 4, cpu, ScalarType.Float)));
            assertEquals(expected, refused(() -> Evaluation.features(model, unlabelledWide, 4, cpu, ScalarType.Float)));
            assertEquals("the model expects 4 features; the first data set has 8",
                    refused(() -> Evaluation.domainAccuracy(model, wide, unlabelledWide, 4, cpu, ScalarType.Float)));
            assertEquals("the model expects 4 features; the source data has 8",
                    refused(() -> new DannTrainer(model, wide, unlabelledWide, TrainingConfig.builder().steps(1).build())));
        }
    }
}
