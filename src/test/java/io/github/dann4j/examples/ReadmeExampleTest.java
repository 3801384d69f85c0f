package io.github.dann4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.dann4j.export.ExportOptions;
import io.github.dann4j.export.ExportedModel;
import io.github.dann4j.export.OnnxExport;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.Prediction;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java examples, kept compiling and passing. */
class ReadmeExampleTest {

    @Test
    void readmeExampleTrainsOnTwoArraysOfFeatures(@TempDir Path dir) {
        Random random = new Random(7);
        double[][] sourceFeatures = new double[400][];
        int[] sourceLabels = new int[400];
        double[][] targetFeatures = new double[400][];
        for (int i = 0; i < 400; i++) {
            sourceLabels[i] = i % 2;
            double c = sourceLabels[i] == 0 ? -1 : 1;
            sourceFeatures[i] = new double[] {c + 0.4 * random.nextGaussian(), 0.5 * c + 0.4 * random.nextGaussian()};
            double t = i % 2 == 0 ? -1 : 1;
            targetFeatures[i] = new double[] {t + 0.4 * random.nextGaussian() + 0.3, 0.5 * t + 0.4 * random.nextGaussian() + 0.3};
        }
        Path output = dir.resolve("dann.pt");

        // --- README example starts here ---
        torch.manual_seed(42);                                   // seeds the initial weights
        try (DannModel model = DannModel.mlp(2).features(15).classifier(2).discriminator(1)
                        .activation(Activation.SIGMOID).build();
                TensorDataset source = TensorDataset.labelled(sourceFeatures, sourceLabels);
                TensorDataset target = TensorDataset.unlabelled(targetFeatures);
                DannTrainer trainer = new DannTrainer(model, source, target, TrainingConfig.builder()
                        .steps(2_000).batchSizes(32, 32).seed(42)
                        .lambda(LambdaSchedule.paper())                 // 0 -> 1, as in the paper
                        .learningRate(LearningRateSchedule.paper())     // 0.01 / (1 + 10p)^0.75
                        .optimizer(OptimizerSpec.sgdMomentum(0.9))
                        .device("auto").build())) {
            trainer.run(m -> {
                if (m.step() % 500 == 0) {
                    System.out.println(m);                       // losses, domain accuracy, lambda, lr
                }
            });
            double accuracy = Evaluation.accuracy(model, source, 256, trainer.device(), ScalarType.Float);
            System.out.printf("source accuracy %.3f%n", accuracy);
            StateDict.save(model, output);                       // Python: torch.load("dann.pt")
            // --- README example ends here ---
            assertTrue(accuracy > 0.9, "source accuracy " + accuracy);
        }
        assertTrue(Files.isRegularFile(output));
    }

    @Test
    void readmeModelExampleLoadsAndPredicts(@TempDir Path dir) throws Exception {
        torch.manual_seed(3);
        try (TrainedModel mlp = TrainedModel.of(DannModel.mlp(2).features(8).classifier(3).build(), Preprocessor.none());
                TrainedModel images = TrainedModel.of(DannModel.digits(3, 28, 10), Preprocessor.none().greyToRgb())) {
            mlp.save(dir.resolve("dann4j-run"));
            images.save(dir.resolve("mnist-run"));
        }
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        javax.imageio.ImageIO.write(grey, "png", dir.resolve("a.png").toFile());
        torch.manual_seed(4);
        DannModel dannModel = DannModel.digits(3, 28, 10);
        int c;
        double[] probabilities;
        double targetLike;

        // --- README model example starts here (paths under dir) ---
        try (TrainedModel model = TrainedModel.load(dir.resolve("dann4j-run"))) {
            Prediction p = model.predict(new float[][] {{0.3f, -1.2f}});
            c = p.classOf(0);
            probabilities = p.probabilities(0);
        }
        try (TrainedModel digits = TrainedModel.load(dir.resolve("mnist-run"))) {
            Prediction p = digits.predict(Inputs.imageFiles(List.of(dir.resolve("a.png"))),
                    PredictOptions.DEFAULTS.withDomain());
            targetLike = p.targetProbability(0);
        }
        try (TrainedModel trained = TrainedModel.of(dannModel, Preprocessor.none().greyToRgb())) {
            trained.save(dir.resolve("my-model"));
        }
        // --- README model example ends here ---
        assertTrue(c >= 0 && c < 3 && probabilities.length == 3 && probabilities[c] >= probabilities[(c + 1) % 3]);
        assertTrue(targetLike > 0 && targetLike < 1, "target probability " + targetLike);
        assertTrue(Files.isRegularFile(dir.resolve("my-model").resolve("model.pt")));
    }

    @Test
    void readmeOnnxExampleExportsAndServesWithOnnxRuntime(@TempDir Path dir) throws Exception {
        torch.manual_seed(6);
        try (TrainedModel images = TrainedModel.of(DannModel.digits(3, 28, 10), Preprocessor.none().greyToRgb())) {
            images.save(dir.resolve("mnist-run"));
        }
        int n = 3;
        byte[] pixels = new byte[n * 28 * 28];
        new Random(8).nextBytes(pixels);
        Path file = dir.resolve("digits.onnx");
        String printed;
        float[][] probabilities;
        float[][] targetLike;

        // --- README export example starts here (paths under dir) ---
        try (TrainedModel model = TrainedModel.load(dir.resolve("mnist-run"))) {
            ExportedModel onnx = OnnxExport.export(model, file, ExportOptions.DEFAULTS.withDomainOutput());
            printed = onnx.toString();
        }
        // --- README ONNX Runtime example starts here ---
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor images = OnnxTensor.createTensor(env, ByteBuffer.wrap(pixels),
                        new long[] {n, 1, 28, 28}, OnnxJavaType.UINT8);
                OrtSession.Result result = session.run(Map.of("input", images))) {
            probabilities = (float[][]) result.get("probabilities").get().getValue();
            targetLike = (float[][]) result.get("target_probability").get().getValue();
        }
        // --- README examples end here ---
        assertTrue(printed.startsWith("ONNX model (opset 17, IR 8, ") && printed.endsWith(
                "input uint8 [batch, channels, 28, 28] -> logits, probabilities, target_probability"), printed);
        assertTrue(probabilities.length == n && probabilities[0].length == 10 && targetLike[0].length == 1);
        try (TrainedModel model = TrainedModel.load(dir.resolve("mnist-run"))) {
            org.bytedeco.pytorch.Tensor raw = io.github.dann4j.internal.Tensors.fromDoubles(unsigned(pixels),
                    ScalarType.Byte, n, 1, 28, 28);
            Prediction p = model.predict(Inputs.raw(raw), PredictOptions.DEFAULTS.withDomain());
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 10; c++) {
                    assertTrue(Math.abs(p.probability(i, c) - probabilities[i][c]) < 1e-5);
                }
                assertTrue(Math.abs(p.targetProbability(i) - targetLike[i][0]) < 1e-5);
            }
            raw.close();
        }
    }

    private static double[] unsigned(byte[] bytes) {
        double[] values = new double[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return values;
    }
}
