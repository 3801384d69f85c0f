package io.github.dann4j.export;

import io.github.dann4j.data.Normalization;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The models and inputs the export tests share: networks trained a few DANN steps on random data
 * (so that the weights are not the initial ones), random normalisations and random uint8 images.
 * Seeded, so each call gives the same model.
 */
final class ExportFixtures {
    private ExportFixtures() {}

    /** A few steps of DANN on random data, so that the weights are not the initial ones. */
    private static void train(DannModel model, Tensor source, Tensor labels, Tensor target, ScalarType dtype) {
        try (PointerScope scope = new PointerScope();
                TensorDataset s = TensorDataset.labelled(source, labels);
                TensorDataset t = TensorDataset.unlabelled(target);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(15).batchSizes(16, 16)
                        .dtype(dtype).build())) {
            trainer.run(null);
        }
    }

    /** An MLP on 400 features (64, 32 features; 16, 5 classes; one domain output), trained in {@code dtype}. */
    static DannModel trainedMlp(Activation activation, DomainOutput domainOutput, ScalarType dtype) {
        torch.manual_seed(11);
        DannModel model = DannModel.mlp(400).features(64, 32).classifier(16, 5).discriminator(8, 1)
                .activation(activation).domainOutput(domainOutput).build();
        try (PointerScope scope = new PointerScope()) {
            Tensor x = torch.randn(64, 400).mul(new Scalar(3.0));
            Tensor y = torch.randint(0, 5, new long[] {64}, new TensorOptions(ScalarType.Long));
            train(model, x, y, torch.randn(64, 400), dtype);
        }
        return model;
    }

    /** The digits network on {@code channels x side x side} images, 10 classes, trained in float32. */
    static DannModel trainedDigits(long channels, long side) {
        torch.manual_seed(12);
        DannModel model = DannModel.digits(channels, side, 10);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = torch.rand(48, channels, side, side);
            Tensor y = torch.randint(0, 10, new long[] {48}, new TensorOptions(ScalarType.Long));
            train(model, x, y, torch.rand(48, channels, side, side), ScalarType.Float);
        }
        return model;
    }

    /** A normalisation with random means and standard deviations in [0.5, 2.5). */
    static Normalization randomNormalization(int channels, long seed) {
        Random random = new Random(seed);
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = random.nextGaussian();
            std[c] = 0.5 + random.nextDouble() * 2;
        }
        return Normalization.of(mean, std);
    }

    /** Random uint8 images {@code [n, c, h, w]}. */
    static Tensor pixels(int n, int c, int h, int w, long seed) {
        torch.manual_seed(seed);
        return torch.randint(0, 256, new long[] {n, c, h, w}, new TensorOptions(ScalarType.Byte));
    }
}
