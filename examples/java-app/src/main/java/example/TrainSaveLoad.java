package example;

import io.github.dann4j.model.Prediction;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Trains a DANN on generated data (two Gaussian classes; the target domain is the source rotated
 * by 40 degrees) through dann4j's public API, saves it as a model folder, loads it back into a
 * fresh object and checks that both predict the same. Usage: {@code TrainSaveLoad OUTPUT_FOLDER}.
 */
public final class TrainSaveLoad {
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "example-model");
        Random random = new Random(1);
        float[][] source = new float[400][];
        long[] labels = new long[400];
        float[][] target = new float[400][];
        for (int i = 0; i < 400; i++) {
            labels[i] = i % 2;
            source[i] = point(random, labels[i], 0);
            target[i] = point(random, i % 2, 40);
        }
        float[][] test = new float[200][];
        int[] testLabels = new int[200];
        for (int i = 0; i < 200; i++) {
            testLabels[i] = i % 2;
            test[i] = point(random, i % 2, 40);
        }
        torch.manual_seed(1);
        DannModel model = DannModel.mlp(2).features(32).classifier(2).discriminator(16, 1).build();
        Prediction before;
        try (Tensor sx = tensor(source); Tensor sy = longs(labels); Tensor tx = tensor(target);
                TensorDataset s = TensorDataset.labelled(sx, sy);
                TensorDataset t = TensorDataset.unlabelled(tx);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(1500).build())) {
            trainer.run(null);
        }
        try (TrainedModel trained = TrainedModel.of(model, Preprocessor.none())) {
            before = trained.predict(test);
            trained.save(folder);
        }
        try (TrainedModel loaded = TrainedModel.load(folder)) {
            Prediction after = loaded.predict(test);
            int correct = 0;
            for (int i = 0; i < test.length; i++) {
                if (after.classOf(i) != before.classOf(i) || !Arrays.equals(after.probabilities(i), before.probabilities(i))) {
                    System.err.println("FAIL: the reloaded model predicts otherwise for input " + i);
                    System.exit(1);
                }
                correct += after.classOf(i) == testLabels[i] ? 1 : 0;
            }
            System.out.printf("trained, saved to %s, reloaded (%s): %d predictions identical; target accuracy %.3f%n",
                    folder, loaded.description().architecture(), test.length, correct / (double) test.length);
        }
    }

    private static float[] point(Random random, long label, double degrees) {
        double x = (label == 0 ? -1.0 : 1.0) + 0.5 * random.nextGaussian();
        double y = (label == 0 ? -0.5 : 0.5) + 0.5 * random.nextGaussian();
        double a = Math.toRadians(degrees);
        return new float[] {(float) (x * Math.cos(a) - y * Math.sin(a)), (float) (x * Math.sin(a) + y * Math.cos(a))};
    }

    private static Tensor tensor(float[][] rows) {
        float[] flat = new float[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            flat[2 * i] = rows[i][0];
            flat[2 * i + 1] = rows[i][1];
        }
        Tensor t = torch.empty(rows.length, 2);
        new FloatPointer(t.data_ptr()).capacity(flat.length).put(flat);
        return t;
    }

    private static Tensor longs(long[] values) {
        Tensor t = torch.empty(values.length).to(torch.ScalarType.Long);
        new LongPointer(t.data_ptr()).capacity(values.length).put(values);
        return t;
    }
}
