package io.github.dann4j.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reverse validation on three separated blobs: a candidate whose target labels are right scores
 * near 1, the same candidate with its classes rotated (every target label wrong) near 0, for both
 * reverse learners; determinism, the generator left as found, divergence and refusals.
 */
class ReverseValidationTest {
    private static final double[][] MEANS = {{0, 4}, {4, -3}, {-4, -3}};
    private static LoadedData source;
    private static LoadedData heldOut;
    private static LoadedData target;
    private static SelectionData data;
    private static TrainedModel right;
    private static TrainedModel rotated;

    /** {@code n} samples of the blobs, class i % 3, moved by {@code shift}. */
    private static LoadedData blobs(int n, double shift, long seed, boolean labelled) {
        Random random = new Random(seed);
        double[] x = new double[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[2 * i] = MEANS[i % 3][0] + shift + random.nextGaussian();
            x[2 * i + 1] = MEANS[i % 3][1] + random.nextGaussian();
        }
        try (PointerScope scope = new PointerScope()) {
            return LoadedData.of(Tensors.fromDoubles(x, ScalarType.Float, n, 2), labelled ? Tensors.fromLongs(y) : null, "blobs");
        }
    }

    @BeforeAll
    static void trainCandidates() {
        source = blobs(300, 0, 1, true);
        heldOut = blobs(200, 0, 2, true);
        target = blobs(300, 0.5, 3, false);
        data = SelectionData.of(target, heldOut, 1000);
        right = TrainedModel.of(candidate(), Preprocessor.none());
        DannModel wrong = candidate();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            // Class c's logit becomes class c+1's: every prediction moves to the next class.
            wrong.stateTensors().forEach((name, t) -> {
                if (name.startsWith("classifier.")) {
                    t.copy_(torch.roll(t.clone(), new long[] {1}, new long[] {0}));
                }
            });
        }
        rotated = TrainedModel.of(wrong, Preprocessor.none());
    }

    /** A source-only MLP trained on the blobs (seeded: the same weights each call). */
    private static DannModel candidate() {
        torch.manual_seed(7);
        DannModel model = DannModel.mlp(2).features(8).classifier(3).discriminator(8).build();
        TrainingConfig config = TrainingConfig.builder().steps(150).batchSizes(32, 32).seed(1).sourceOnly(true)
                .learningRate(LearningRateSchedule.parse("constant:0.05")).build();
        try (TensorDataset s = TensorDataset.labelled(source.features(), source.labels());
                DannTrainer trainer = new DannTrainer(model, s, null, config)) {
            trainer.run(m -> { });
        }
        return model;
    }

    @AfterAll
    static void close() {
        for (AutoCloseable c : new AutoCloseable[] {right, rotated, data, source, heldOut, target}) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double score(Validator v, TrainedModel model) {
        return v.score(model, data, ModelOutputs.compute(model, data, 64));
    }

    private static ReverseValidation reverse(boolean sourceOnly) {
        return ReverseValidation.of(ReverseValidation.defaults(sourceOnly).toBuilder().steps(200).build());
    }

    @Test
    void rightTargetLabelsScoreHighAndWrongOnesLow() {
        for (boolean sourceOnly : new boolean[] {true, false}) {
            ReverseValidation v = reverse(sourceOnly);
            assertEquals(sourceOnly ? "reverse-source-only" : "reverse-dann", v.name());
            double good = score(v, right);
            double bad = score(v, rotated);
            assertTrue(good > 0.9, v.name() + " of the right candidate: " + good);
            assertTrue(bad < 0.1, v.name() + " of the rotated candidate: " + bad);
        }
    }

    @Test
    void deterministicAndTheGeneratorIsLeftAsFound() {
        ReverseValidation v = reverse(false);
        torch.manual_seed(11);
        double first = score(v, right);
        Tensor afterScoring = torch.rand(4);
        torch.manual_seed(11);
        Tensor untouched = torch.rand(4);
        assertTrue(torch.equal(afterScoring, untouched), "the CPU generator changed");
        assertEquals(first, score(v, right));
        // Another seed is another reverse model (the scores may still agree: only the setting is checked).
        assertEquals(5, ReverseValidation.of(v.config().toBuilder().seed(5).build()).config().seed());
    }

    @Test
    void aDivergingReverseRunHasNoScore() {
        ReverseValidation v = ReverseValidation.of(ReverseValidation.defaults(false).toBuilder().steps(50)
                .learningRate(LearningRateSchedule.parse("constant:1e30")).build());
        assertTrue(Double.isNaN(score(v, right)));
        assertEquals(-1, Ranking.best(new double[] {Double.NaN}, v.direction()));
    }

    @Test
    void refusals() {
        ReverseValidation v = reverse(true);
        ModelOutputs outputs = ModelOutputs.compute(right, data, 64);
        UnsupportedOperationException noModel = assertThrows(UnsupportedOperationException.class, () -> v.score(outputs));
        assertTrue(noModel.getMessage().startsWith("reverse-source-only trains a reverse model"), noModel.getMessage());
        try (SelectionData targetOnly = SelectionData.of(target, null, 1000)) {
            ModelOutputs noSource = ModelOutputs.compute(right, targetOnly, 64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> v.score(right, targetOnly, noSource));
            assertTrue(e.getMessage().startsWith("reverse-source-only needs labelled source data"), e.getMessage());
        }
        assertTrue(v.needsModel() && v.needsSource() && !new SoftNeighborhoodDensity().needsModel());
    }
}
