package io.github.dann4j.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BestCheckpoint's keeping, with a validator that plays back given scores, and its refusals. */
class BestCheckpointTest {
    /** Returns the given scores in turn, so the test knows which offer must win. */
    private record Scripted(Direction direction, double... scores) implements Validator {
        static int calls;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public boolean needsSource() {
            return false;
        }

        @Override
        public double score(ModelOutputs outputs) {
            return scores[calls++];
        }
    }

    private static LoadedData target() {
        Random random = new Random(5);
        double[] values = new double[30 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        try (PointerScope scope = new PointerScope()) {
            return LoadedData.of(Tensors.fromDoubles(values, ScalarType.Float, 30, 3), null, "blobs");
        }
    }

    private static DannModel model(long seed) {
        torch.manual_seed(seed);
        return DannModel.mlp(3).features(4).classifier(2).discriminator(4).build();
    }

    @Test
    void theBestScorePerTheDirectionIsKeptAndTiesKeepTheEarlierStep(@TempDir Path dir) throws Exception {
        check(dir.resolve("higher"), new Scripted(Direction.HIGHER_IS_BETTER, 1, 3, 2, 3, Double.NaN), 2);
        check(dir.resolve("lower"), new Scripted(Direction.LOWER_IS_BETTER, 5, 4, 6, 4.5, 7), 2);
        check(dir.resolve("first"), new Scripted(Direction.LOWER_IS_BETTER, 1, 2, 3, 4, 5), 1);
        check(dir.resolve("last"), new Scripted(Direction.HIGHER_IS_BETTER, 1, 2, 3, 4, 5), 5);
    }

    private static void check(Path dir, Scripted validator, long expectedStep) throws Exception {
        Scripted.calls = 0;
        Path best = dir.resolve("best");
        List<DannModel> models = new ArrayList<>();
        try (LoadedData target = target(); SelectionData data = SelectionData.of(target, null, 100)) {
            BestCheckpoint keeper = new BestCheckpoint(validator, data, 100, best, "cpu", 7);
            for (int step = 1; step <= 5; step++) {
                DannModel m = model(step);
                models.add(m);
                assertEquals(validator.scores()[step - 1], keeper.offer(step, m, Preprocessor.none()));
                assertTrue(Files.isRegularFile(best.resolve(ModelFolder.WEIGHTS)), "no best/ after step " + step);
            }
            assertEquals(expectedStep, keeper.bestStep().getAsLong());
            SelectionRecord record = SelectionRecord.read(best.resolve(BestCheckpoint.FILE_NAME));
            assertEquals(expectedStep, record.bestStep());
            assertEquals(validator.scores()[(int) expectedStep - 1], record.bestScore());
            assertEquals(5, record.scores().size());
            assertEquals(7, record.batchSize());
            assertEquals(validator.direction(), record.direction());
            // best/ holds the weights of the chosen step's model, byte for byte.
            Path reference = dir.resolve("reference");
            ModelFolder.save(models.get((int) expectedStep - 1), Preprocessor.none(), reference);
            assertEquals(-1L, Files.mismatch(reference.resolve(ModelFolder.WEIGHTS), best.resolve(ModelFolder.WEIGHTS)));
            try (TrainedModel loaded = TrainedModel.load(best)) {
                assertEquals(2, loaded.classes());
            }
            assertThrows(IllegalArgumentException.class, () -> keeper.offer(5, models.get(0), Preprocessor.none()));
            assertFalse(Files.exists(dir.resolve(".best.candidate")) || Files.exists(dir.resolve(".best.previous")));
        } finally {
            models.forEach(DannModel::close);
        }
    }

    @Test
    void aRealValidatorsRecordedScoreIsTheScoreOfTheKeptFolder(@TempDir Path dir) {
        Validator snd = Validators.named("snd");
        try (LoadedData target = target(); SelectionData data = SelectionData.of(target, null, 100);
                DannModel m = model(3)) {
            BestCheckpoint keeper = new BestCheckpoint(snd, data, 100, dir.resolve("best"), "cpu", 8);
            double score = keeper.offer(10, m, Preprocessor.none());
            try (TrainedModel loaded = TrainedModel.load(dir.resolve("best"))) {
                assertEquals(score, BestCheckpoint.score(snd, loaded, data, 8), 1e-12);
            }
        }
    }

    @Test
    void leftoversAreRemovedAndMissingSourceDataIsRefused(@TempDir Path dir) throws Exception {
        Path candidate = Files.createDirectories(dir.resolve(".best.candidate"));
        Files.writeString(candidate.resolve(ModelFolder.DESCRIPTION), "half written");
        try (LoadedData target = target(); SelectionData data = SelectionData.of(target, null, 100)) {
            new BestCheckpoint(Validators.named("entropy"), data, 100, dir.resolve("best"), "cpu", 8);
            assertFalse(Files.exists(candidate));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new BestCheckpoint(Validators.named("dev"), data, 100, dir.resolve("best"), "cpu", 8));
            assertTrue(e.getMessage().startsWith("dev needs labelled held-out source data"), e.getMessage());
            // An earlier run's best/ does not outlive a run whose first score is not finite.
            try (DannModel m = model(1)) {
                Scripted.calls = 0;
                BestCheckpoint keeper = new BestCheckpoint(new Scripted(Direction.HIGHER_IS_BETTER, 1, Double.NaN),
                        data, 100, dir.resolve("best"), "cpu", 8);
                keeper.offer(1, m, Preprocessor.none());
                assertTrue(Files.isDirectory(dir.resolve("best")));
                BestCheckpoint later = new BestCheckpoint(new Scripted(Direction.HIGHER_IS_BETTER, Double.NaN), data, 100,
                        dir.resolve("best"), "cpu", 8);
                Scripted.calls = 0;
                assertTrue(Double.isNaN(later.offer(1, m, Preprocessor.none())));
                assertFalse(Files.exists(dir.resolve("best")), "an earlier run's best/ was left");
                assertTrue(later.bestStep().isEmpty());
            }
        }
    }
}
