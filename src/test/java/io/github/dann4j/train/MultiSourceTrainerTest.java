package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.distributed.DistributedConfig;
import io.github.dann4j.interop.TorchFile;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.ToyData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DannTrainer} with two labelled sources: a run resumed from a checkpoint halfway is the
 * run without one, down to the bytes of its last checkpoint; such checkpoints do not resume with
 * other sources; the sources draw distinct batch orders; and inputs that do not fit are refused in
 * one line before anything trains.
 */
class MultiSourceTrainerTest {
    private static final int K = 10;

    private static TrainingConfig.Builder config(DomainLabels labels, int... sourceBatches) {
        return TrainingConfig.builder().steps(2 * K).batchSizes(5, 6).sourceBatchSizes(sourceBatches).seed(3)
                .domainLabels(labels).learningRate(LearningRateSchedule.constant(0.05));
    }

    private static DannModel model(long seed, long domainOutputs) {
        torch.manual_seed(seed);
        return DannModel.mlp(2).features(6).classifier(2).discriminator(4, domainOutputs).build();
    }

    private static TensorDataset labelled(int n, long seed, double rotation) {
        ToyData data = ToyData.blobs(n, seed, rotation);
        return TensorDataset.labelled(data.features, data.labels);
    }

    /**
     * Trains on sources of 30 and 17 samples and a target of 23, from init seed 4 (77 when resuming,
     * so the checkpoint must restore the weights); {@code save}: stop after K steps and write a
     * checkpoint there; {@code last}: write the final checkpoint there.
     */
    private static List<StepMetrics> train(DomainLabels labels, int[] batches, Path save, Path resume, Path last) {
        List<StepMetrics> metrics = new ArrayList<>();
        int sources = batches.length;
        try (PointerScope scope = new PointerScope();
                DannModel model = model(resume == null ? 4 : 77, labels.outputs(sources));
                TensorDataset s0 = labelled(30, 1, 0);
                TensorDataset s1 = labelled(17, 5, 15);
                TensorDataset target = TensorDataset.unlabelled(ToyData.blobs(23, 2, 30).features);
                DannTrainer trainer = new DannTrainer(model, sources == 1 ? List.of(s0) : List.of(s0, s1), target,
                        config(labels, batches).build())) {
            if (resume != null) {
                trainer.restoreCheckpoint(resume);
                assertEquals(K, trainer.currentStep());
            }
            while (trainer.currentStep() < (save != null ? K : 2 * K)) {
                metrics.add(trainer.step());
            }
            trainer.saveCheckpoint(save != null ? save : last);
        }
        return metrics;
    }

    @ParameterizedTest
    @EnumSource(DomainLabels.class)
    void aResumedRunIsTheRunWithoutAStopToTheByte(DomainLabels labels, @TempDir Path dir) throws Exception {
        int[] batches = {5, 3};
        Path half = dir.resolve("half.ckpt");
        Path straightEnd = dir.resolve("straight.ckpt");
        Path resumedEnd = dir.resolve("resumed.ckpt");
        List<StepMetrics> straight = train(labels, batches, null, null, straightEnd);
        List<StepMetrics> resumed = new ArrayList<>(train(labels, batches, half, null, null));
        resumed.addAll(train(labels, batches, null, half, resumedEnd));
        assertEquals(straight, resumed, "every step's metrics, each domain's included");
        assertEquals(2, straight.get(0).domains().sources());
        assertEquals(3, straight.get(0).domains().domainAccuracy().size());
        assertEquals(-1L, Files.mismatch(straightEnd, resumedEnd), "the last checkpoints are byte-identical");

        Map<?, ?> root = (Map<?, ?>) TorchFile.read(half, "checkpoint");
        assertEquals(5L * K, root.get("source_position"));
        assertEquals(3L * K, root.get("source_1_position"));
        assertEquals(6L * K, root.get("target_position"));
        assertTrue(((String) root.get("configuration")).contains(" sources=2 sourceBatches=5,3"),
                (String) root.get("configuration"));
    }

    @Test
    void aCheckpointResumesOnlyWithItsOwnSourcesAndBatchSizes(@TempDir Path dir) {
        Path two = dir.resolve("two.ckpt");
        train(DomainLabels.MERGED, new int[] {5, 3}, two, null, null);
        String message = assertThrows(IllegalArgumentException.class,
                () -> train(DomainLabels.MERGED, new int[] {5}, null, two, dir.resolve("x.ckpt"))).getMessage();
        assertTrue(message.contains("sources=2 sourceBatches=5,3 but this run has"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> train(DomainLabels.MERGED, new int[] {5, 4}, null, two, dir.resolve("y.ckpt"))).getMessage();
        assertTrue(message.endsWith("sources=2 sourceBatches=5,4"), message);
        Path one = dir.resolve("one.ckpt");
        train(DomainLabels.MERGED, new int[] {5}, one, null, null);
        message = assertThrows(IllegalArgumentException.class,
                () -> train(DomainLabels.MERGED, new int[] {5, 3}, null, one, dir.resolve("z.ckpt"))).getMessage();
        assertTrue(message.contains("but this run has") && message.endsWith("sources=2 sourceBatches=5,3"), message);
    }

    @Test
    void eachSourceDrawsItsOwnBatchOrderAndOneSourceKeepsTheSeed() {
        try (PointerScope scope = new PointerScope(); DannModel model = model(4, 1);
                TensorDataset same = labelled(30, 1, 0);
                TensorDataset target = TensorDataset.unlabelled(ToyData.blobs(23, 2, 30).features);
                DannTrainer trainer = new DannTrainer(model, List.of(same, same), target,
                        config(DomainLabels.MERGED, 5, 5).build())) {
            List<Double> losses = trainer.step().domains().sourceLabelLoss();
            assertNotEquals(losses.get(0), losses.get(1), "the same data, two seeds: two batches");
            assertEquals(List.of(3L, 4L, 5L, 6L), List.of(DannTrainer.sourceSeed(3, 0), 3L + 1,
                    DannTrainer.sourceSeed(3, 1), DannTrainer.sourceSeed(3, 2)), "source 0, target, source 1, source 2");
        }
    }

    @Test
    void aSourceOnlyRunMeasuresEachSourcesLabelLossAndNoDomain() {
        try (PointerScope scope = new PointerScope(); DannModel model = model(4, 1);
                TensorDataset s0 = labelled(30, 1, 0); TensorDataset s1 = labelled(17, 5, 15);
                DannTrainer trainer = new DannTrainer(model, List.of(s0, s1), null,
                        config(DomainLabels.MERGED, 5, 3).sourceOnly(true).build())) {
            StepMetrics m = trainer.step();
            assertEquals(2, m.domains().sources());
            assertTrue(m.domains().domainAccuracy().isEmpty());
            assertTrue(Double.isNaN(m.domainAccuracy()));
        }
    }

    @Test
    void inputsThatDoNotFitAreRefusedInOneLine() {
        try (PointerScope scope = new PointerScope(); DannModel binary = model(4, 1); DannModel three = model(4, 3);
                TensorDataset s0 = labelled(30, 1, 0); TensorDataset s1 = labelled(17, 5, 15);
                TensorDataset unlabelled = TensorDataset.unlabelled(ToyData.blobs(17, 5, 15).features);
                TensorDataset wide = TensorDataset.labelled(torch.randn(17, 3), ToyData.blobs(17, 5, 15).labels);
                TensorDataset target = TensorDataset.unlabelled(ToyData.blobs(23, 2, 30).features)) {
            TrainingConfig merged = config(DomainLabels.MERGED, 5, 3).build();
            TrainingConfig perDomain = config(DomainLabels.PER_DOMAIN, 5, 3).build();
            assertRefused("source 1 needs labels", () -> new DannTrainer(binary, List.of(s0, unlabelled), target, merged));
            assertRefused("source 0 has samples of shape [2] but source 1 has [3]",
                    () -> new DannTrainer(binary, List.of(s0, wide), target, merged));
            assertRefused("the configuration gives 2 source batch sizes for 1 source domain",
                    () -> new DannTrainer(binary, List.of(s0), target, merged));
            assertRefused("the configuration gives 2 source batch sizes for 3 source domains",
                    () -> new DannTrainer(three, List.of(s0, s1, s0), target, merged));
            assertRefused("per-domain domain labels with 2 sources need a domain classifier of 3 logits; this model has 1 logits",
                    () -> new DannTrainer(binary, List.of(s0, s1), target, perDomain));
            assertRefused("per-domain domain labels with 3 sources need a domain classifier of 4 logits; this model has 3",
                    () -> new DannTrainer(three, List.of(s0, s1, s0), target,
                            config(DomainLabels.PER_DOMAIN, 5, 3, 2).build()));
            assertRefused("model, source data and config are required",
                    () -> new DannTrainer(binary, List.of(), target, merged));
            TrainingConfig parallel = config(DomainLabels.MERGED, 5, 3)
                    .distributed(DistributedConfig.of(0, 2, "127.0.0.1", 29500)).build();
            assertRefused("data-parallel training takes one source domain; this run has 2",
                    () -> new DannTrainer(binary, List.of(s0, s1), target, parallel));
        }
    }

    @Test
    void perSourceBatchSizesAreCheckedAndALaterBatchSizesCallUndoesThem() {
        assertRefused("batch sizes must be positive, got [4, 0]", () -> TrainingConfig.builder().sourceBatchSizes(4, 0));
        assertRefused("give at least one source batch size", () -> TrainingConfig.builder().sourceBatchSizes());
        TrainingConfig sizes = TrainingConfig.builder().batchSizes(9, 7).sourceBatchSizes(4, 2).build();
        assertEquals(List.of(4, 2, 7, 2), List.of(sizes.sourceBatchSize(0), sizes.sourceBatchSize(1), sizes.targetBatchSize(),
                sizes.sourceBatchSizeCount()));
        TrainingConfig undone = sizes.toBuilder().batchSizes(5, 7).build();
        assertEquals(List.of(5, 5, 0), List.of(undone.sourceBatchSize(0), undone.sourceBatchSize(3), undone.sourceBatchSizeCount()));
        assertEquals(TrainingConfig.builder().batchSizes(4, 7).build().signature(), sizes.toBuilder().sourceBatchSizes(4)
                .build().signature(), "one size for one source: today's signature");
    }

    private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable create) {
        String message = assertThrows(IllegalArgumentException.class, create).getMessage();
        assertTrue(message.startsWith(expected), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }
}
