package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.NativeOps;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.ToyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics read every N steps (summed on the device in between) change no step: the same weights
 * bit for bit, windows that are the means of the per-step metrics, the same diverged step named
 * with the same state left, and checkpoints that resume alike.
 */
class MetricsEveryTest {
    private static final int STEPS = 40;

    /** What a run leaves: the metrics its listener saw, the weights and optimizer state, and a divergence. */
    private record Outcome(List<StepMetrics> metrics, Map<String, double[]> weights, Map<String, double[]> optimizer,
            long step, TrainingDivergedException diverged) {
    }

    private static TrainingConfig.Builder config(int every) {
        TrainingConfig.Builder b = TrainingConfig.builder().steps(STEPS).batchSizes(16, 16).seed(3)
                .learningRate(LearningRateSchedule.constant(0.1));
        return every > 0 ? b.metricsEvery(every) : b;
    }

    private static Outcome train(TrainingConfig config, BiConsumer<DannTrainer, List<StepMetrics>> body) {
        torch.manual_seed(2);
        ToyData s = ToyData.blobs(50, 1, 0);
        ToyData t = ToyData.blobs(50, 2, 35);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(15).classifier(2).discriminator(1)
                        .activation(Activation.RELU).build();
                TensorDataset source = TensorDataset.labelled(s.features, s.labels);
                TensorDataset target = TensorDataset.unlabelled(t.features);
                DannTrainer trainer = new DannTrainer(model, source, config.sourceOnly() ? null : target, config)) {
            List<StepMetrics> seen = new ArrayList<>();
            TrainingDivergedException diverged = null;
            try {
                body.accept(trainer, seen);
            } catch (TrainingDivergedException e) {
                diverged = e;
            }
            Map<String, double[]> weights = new LinkedHashMap<>();
            model.stateTensors().forEach((name, p) -> weights.put(name, Tensors.toDoubles(p)));
            return new Outcome(seen, weights, optimizerState(trainer), trainer.currentStep(), diverged);
        }
    }

    private static Outcome run(TrainingConfig config) {
        return train(config, (trainer, seen) -> trainer.run(seen::add));
    }

    private static Map<String, double[]> optimizerState(DannTrainer trainer) {
        Map<String, double[]> state = new LinkedHashMap<>();
        try (StringVector names = new StringVector(); TensorVector values = new TensorVector()) {
            NativeOps.optimizer_state(trainer.optimizer(), names, values);
            for (long i = 0; i < names.size(); i++) {
                state.put(names.get(i).getString(), Tensors.toDoubles(values.get(i)));
            }
        }
        return state;
    }

    private static void assertSameState(Outcome expected, Outcome actual) {
        assertEquals(expected.step, actual.step, "current step");
        assertEquals(expected.weights.keySet(), actual.weights.keySet());
        expected.weights.forEach((name, w) -> assertArrayEquals(w, actual.weights.get(name), 0.0, name));
        assertEquals(expected.optimizer.keySet(), actual.optimizer.keySet());
        expected.optimizer.forEach((name, v) -> assertArrayEquals(v, actual.optimizer.get(name), 0.0, name));
    }

    @Test
    void windowsHoldTheMeansOfTheirStepsAndChangeNoStep() {
        Outcome every = run(config(1).build());
        Outcome windows = run(config(7).build());
        assertSameState(every, windows);
        assertEquals(STEPS, every.metrics.size());
        // windows end at steps 6, 13, ..., 34 and at the last step, 39
        List<Long> ends = windows.metrics.stream().map(StepMetrics::step).toList();
        assertEquals(List.of(6L, 13L, 20L, 27L, 34L, 39L), ends);
        long start = 0;
        for (StepMetrics w : windows.metrics) {
            List<StepMetrics> steps = every.metrics.subList((int) start, (int) w.step() + 1);
            double loss = 0;
            double label = 0;
            double domain = 0;
            double correct = 0;
            for (StepMetrics m : steps) {
                loss += m.loss();
                label += m.labelLoss();
                domain += m.domainLoss();
                correct += m.domainAccuracy() * 32; // 16 + 16 domain outputs a step
            }
            int n = steps.size();
            assertEquals(loss / n, w.loss(), 1e-12, "window ending at " + w.step());
            assertEquals(label / n, w.labelLoss(), 1e-12);
            assertEquals(domain / n, w.domainLoss(), 1e-12);
            assertEquals(correct / (32.0 * n), w.domainAccuracy(), 1e-12);
            StepMetrics last = steps.get(n - 1);
            assertEquals(last.lambda(), w.lambda(), 0.0, "λ of the window's last step");
            assertEquals(last.learningRate(), w.learningRate(), 0.0);
            start = w.step() + 1;
        }
        assertNotEquals(every.metrics.get(0).loss(), windows.metrics.get(0).loss(), "a window is not its last step alone");
    }

    @Test
    void sourceOnlyWindowsHaveNoDomainMetrics() {
        Outcome every = run(config(1).sourceOnly(true).build());
        Outcome windows = run(config(16).sourceOnly(true).build());
        assertSameState(every, windows);
        assertEquals(List.of(15L, 31L, 39L), windows.metrics.stream().map(StepMetrics::step).toList());
        for (StepMetrics w : windows.metrics) {
            assertTrue(Double.isNaN(w.domainLoss()) && Double.isNaN(w.domainAccuracy()), w.toString());
            assertEquals(w.loss(), w.labelLoss(), 0.0);
        }
    }

    @Test
    void stepReadsItsOwnMetricsWhateverMetricsEvery() {
        Outcome every = run(config(1).build());
        Outcome stepped = train(config(10).build(), (trainer, seen) -> {
            for (int i = 0; i < 12; i++) {
                seen.add(trainer.step());
            }
            trainer.run(3, seen::add); // steps 12-14: one window, read at the end of the call
            trainer.run(seen::add); // 15-19 (the window ending at 19), 20-29, 30-39
        });
        for (int i = 0; i < 12; i++) {
            assertEquals(every.metrics.get(i), stepped.metrics.get(i), "step " + i);
        }
        assertEquals(List.of(14L, 19L, 29L, 39L),
                stepped.metrics.subList(12, stepped.metrics.size()).stream().map(StepMetrics::step).toList());
        assertSameState(every, stepped);
    }

    /** SGD with momentum diverges at a step found by reading every step; a window must name the same one. */
    @Test
    void aDivergedStepInsideAWindowIsNamedAndItsStateRolledBack() {
        TrainingConfig.Builder base = config(1).steps(300).learningRate(LearningRateSchedule.constant(30));
        Outcome every = run(base.build());
        assertTrue(every.diverged != null, "the test needs a run that diverges");
        long bad = every.diverged.step();
        assertTrue(bad > 3, "diverged at step " + bad + "; the test needs a later one");
        assertEquals(bad, every.step);
        for (int n : new int[] {(int) bad + 3, 4, 50}) {
            Outcome windows = run(base.metricsEvery(n).build());
            assertTrue(windows.diverged != null, "metricsEvery " + n + " did not throw");
            assertEquals(bad, windows.diverged.step(), "metricsEvery " + n);
            assertTrue(windows.diverged.getMessage().contains("step " + bad), windows.diverged.getMessage());
            assertSameState(every, windows);
            // the listener saw exactly the windows that ended before the diverged step
            for (StepMetrics m : windows.metrics) {
                assertTrue(m.step() < bad && Double.isFinite(m.loss()), m.toString());
            }
            assertEquals(bad / n, windows.metrics.size(), "metricsEvery " + n);
        }
    }

    /** Adam's moments and step counts are put back too: the diverged window never advanced them. */
    @Test
    void adamStateIsRolledBackWithTheWeights() {
        TrainingConfig.Builder base = config(1).steps(300).optimizer(OptimizerSpec.adam())
                .learningRate(LearningRateSchedule.constant(1e19));
        Outcome every = run(base.build());
        assertTrue(every.diverged != null && every.diverged.step() > 0, "the test needs a run that diverges after step 0");
        Outcome windows = run(base.metricsEvery((int) every.diverged.step() + 2).build());
        assertEquals(every.diverged.step(), windows.diverged.step());
        assertTrue(every.optimizer.keySet().stream().anyMatch(k -> k.endsWith(".step")), every.optimizer.keySet().toString());
        assertSameState(every, windows);
    }

    @Test
    void aCheckpointBetweenWindowsResumesBitForBit(@TempDir Path dir) throws Exception {
        Path everyFile = dir.resolve("every.ckpt");
        Path windowFile = dir.resolve("window.ckpt");
        Path listenerFile = dir.resolve("listener.ckpt");
        Outcome straight = run(config(7).build());
        // step 10 is inside the window 7-13: run(10) reads at step 9, so the checkpoint is at a read
        train(config(1).build(), (trainer, seen) -> {
            trainer.run(10, null);
            trainer.saveCheckpoint(everyFile);
        });
        train(config(7).build(), (trainer, seen) -> {
            trainer.run(10, null);
            trainer.saveCheckpoint(windowFile);
        });
        assertArrayEquals(Files.readAllBytes(everyFile), Files.readAllBytes(windowFile),
                "a checkpoint does not depend on metricsEvery");
        // a listener saving a checkpoint is called at a read: the window is closed
        train(config(5).build(), (trainer, seen) -> {
            trainer.run(m -> {
                if (m.step() == 9) {
                    trainer.saveCheckpoint(listenerFile);
                }
            });
        });
        assertArrayEquals(Files.readAllBytes(everyFile), Files.readAllBytes(listenerFile));
        Outcome resumed = train(config(7).build(), (trainer, seen) -> {
            trainer.restoreCheckpoint(windowFile);
            trainer.run(seen::add);
        });
        assertSameState(straight, resumed);
        assertEquals(List.of(13L, 20L, 27L, 34L, 39L), resumed.metrics.stream().map(StepMetrics::step).toList());
        // the window 7-13 was cut at the checkpoint; the later ones are the straight run's
        assertEquals(straight.metrics.subList(2, 6), resumed.metrics.subList(1, 5));
    }

    @Test
    void theDefaultReadsEveryStepOnTheCpuAndBadValuesAreRefused() {
        Outcome defaults = train(config(0).build(), (trainer, seen) -> {
            assertEquals(1, trainer.metricsEvery());
        });
        assertEquals(0, defaults.step);
        train(config(9).build(), (trainer, seen) -> {
            assertEquals(9, trainer.metricsEvery());
            assertEquals(9, trainer.config().metricsEvery());
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().metricsEvery(0));
        assertEquals("metricsEvery must be at least 1, got 0", e.getMessage());
        train(config(3).build(), (trainer, seen) -> {
            assertEquals("steps must be at least 1, got 0",
                    assertThrows(IllegalArgumentException.class, () -> trainer.run(0, null)).getMessage());
        });
        assertEquals(config(1).build().signature(), config(8).build().signature(), "a checkpoint resumes with any metricsEvery");
    }
}
