package example;

import io.github.dann4j.model.Prediction;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.pytorch.global.torch;

/**
 * Trains a DANN on generated data (two Gaussian classes; the target domain is the source rotated
 * by 40 degrees) through dann4j's public API, saves it as a model folder, loads it back into a
 * fresh object and checks that both predict the same. Usage: {@code TrainSaveLoad OUTPUT_FOLDER}.
 */
public final class TrainSaveLoad {
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "example-model");
        Random random = new Random(1);
        double[][] source = new double[400][];
        int[] labels = new int[400];
        double[][] target = new double[400][];
        for (int i = 0; i < 400; i++) {
            labels[i] = i % 2;
            source[i] = point(random, labels[i], 0);
            target[i] = point(random, i % 2, 40);
        }
        double[][] test = new double[200][];
        int[] testLabels = new int[200];
        for (int i = 0; i < 200; i++) {
            testLabels[i] = i % 2;
            test[i] = point(random, i % 2, 40);
        }
        torch.manual_seed(1);
        Prediction before;
        DannModel model = DannModel.mlp(2).features(32).classifier(2).discriminator(16, 1).build();
        try (TensorDataset s = TensorDataset.labelled(source, labels);
                TensorDataset t = TensorDataset.unlabelled(target);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(1500).build())) {
            trainer.run(null);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        try (TrainedModel trained = TrainedModel.of(model, Preprocessor.none())) { // owns the model from here on
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
            System.out.printf("trained, saved to %s, reloaded (%s): %d predictions identical; target accuracy %.4f%n",
                    folder, loaded.description().architecture(), test.length, correct / (double) test.length);
        }
        // The test set as CSV beside the folder, for `dann4j evaluate --model FOLDER --data test.csv`.
        StringBuilder csv = new StringBuilder("x0,x1,label\n");
        for (int i = 0; i < test.length; i++) {
            csv.append(test[i][0]).append(',').append(test[i][1]).append(',').append(testLabels[i]).append('\n');
        }
        Files.writeString(folder.resolveSibling("test.csv"), csv);
    }

    private static double[] point(Random random, int label, double degrees) {
        double x = (label == 0 ? -1.0 : 1.0) + 0.5 * random.nextGaussian();
        double y = (label == 0 ? -0.5 : 0.5) + 0.5 * random.nextGaussian();
        double a = Math.toRadians(degrees);
        return new double[] {x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a)};
    }
}
