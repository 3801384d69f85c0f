package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.interop.TorchFile;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.testing.ToyData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DomainLossReductionTest {
    @Test
    void parsesBothNamesAndRejectsOthers() {
        assertEquals(DomainLossReduction.SUM, DomainLossReduction.parse("sum"));
        assertEquals(DomainLossReduction.MEAN, DomainLossReduction.parse(" Mean "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainLossReduction.parse("avg"));
        assertTrue(e.getMessage().contains("sum or mean") && e.getMessage().contains("avg"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DomainLossReduction.parse(null));
    }

    private static DannModel model(DomainOutput output) {
        torch.manual_seed(5);
        return DannModel.mlp(3).features(4).classifier(2).discriminator(1).activation(Activation.TANH)
                .domainOutput(output).build();
    }

    @Test
    void withEqualBatchesMeanIsHalfTheSum() {
        try (PointerScope scope = new PointerScope(); DannModel model = model(DomainOutput.LOGITS)) {
            Tensor sourceX = torch.randn(6, 3);
            Tensor sourceY = Tensors.fromLongs(new long[] {0, 1, 1, 0, 1, 0});
            Tensor targetX = torch.randn(6, 3).add(new Scalar(1.0));
            ObjectiveTerms sum = DannObjective.compute(model, sourceX, sourceY, targetX, false, DomainLossReduction.SUM);
            ObjectiveTerms mean = DannObjective.compute(model, sourceX, sourceY, targetX, false, DomainLossReduction.MEAN);
            assertEquals(sum.labelLoss().item_double(), mean.labelLoss().item_double(), 0.0);
            assertEquals(sum.domainLoss().item_double() / 2, mean.domainLoss().item_double(), 1e-7);
            assertEquals(mean.labelLoss().item_double() + mean.domainLoss().item_double(), mean.total().item_double(), 1e-6);
        }
    }

    /**
     * With 5 source and 11 target samples MEAN weighs each sample alike: the per-domain means
     * weighted by their batch sizes, {@code (5 mean_s + 11 mean_t) / 16}, not their average.
     */
    @ParameterizedTest
    @EnumSource(DomainOutput.class)
    void withUnequalBatchesMeanAveragesOverTheConcatenatedBatch(DomainOutput output) {
        try (PointerScope scope = new PointerScope(); DannModel model = model(output)) {
            Tensor sourceX = torch.randn(5, 3);
            Tensor sourceY = Tensors.fromLongs(new long[] {0, 1, 1, 0, 1});
            Tensor targetX = torch.randn(11, 3).add(new Scalar(1.5));
            ObjectiveTerms mean = DannObjective.compute(model, sourceX, sourceY, targetX, false, DomainLossReduction.MEAN);
            double meanSource = DannObjective.domainLoss(mean.domainSource(), 0.0, output).item_double();
            double meanTarget = DannObjective.domainLoss(mean.domainTarget(), 1.0, output).item_double();
            assertEquals((5 * meanSource + 11 * meanTarget) / 16, mean.domainLoss().item_double(), 1e-6);
            double halfSum = (meanSource + meanTarget) / 2;
            assertTrue(Math.abs(halfSum - mean.domainLoss().item_double()) > 1e-4,
                    "the test needs domains whose losses differ: " + meanSource + " vs " + meanTarget);
        }
    }

    @Test
    void theTrainerUsesTheConfiguredReduction() {
        assertEquals(DomainLossReduction.SUM, TrainingConfig.builder().build().domainLoss());
        TrainingConfig config = TrainingConfig.builder().domainLoss(DomainLossReduction.MEAN).build();
        assertEquals(DomainLossReduction.MEAN, config.domainLoss());
        assertTrue(config.signature().contains("domainLoss=MEAN_CONCATENATED"), config.signature());
        assertTrue(!TrainingConfig.builder().build().signature().contains("domainLoss"), "SUM's signature is unchanged");
        assertThrows(NullPointerException.class, () -> TrainingConfig.builder().domainLoss(null));
    }

    /**
     * A checkpoint of the old MEAN (the half sum, signature {@code domainLoss=MEAN}) is refused with
     * what changed; one of the new MEAN resumes only under MEAN.
     */
    @Test
    void checkpointsOfTheOldMeanAreRefused(@TempDir Path dir) {
        Path current = dir.resolve("mean.ckpt");
        Path old = dir.resolve("old-mean.ckpt");
        TrainingConfig mean = TrainingConfig.builder().steps(10).batchSizes(4, 6).seed(3)
                .domainLoss(DomainLossReduction.MEAN).build();
        try (PointerScope scope = new PointerScope(); DannModel model = DannModel.mlp(2).features(4).classifier(2).discriminator(1).build();
                TensorDataset source = TensorDataset.labelled(ToyData.blobs(20, 1, 0).features, ToyData.blobs(20, 1, 0).labels);
                TensorDataset target = TensorDataset.unlabelled(ToyData.blobs(20, 2, 30).features);
                DannTrainer trainer = new DannTrainer(model, source, target, mean);
                DannTrainer summing = new DannTrainer(model, source, target, TrainingConfig.builder().steps(10)
                        .batchSizes(4, 6).seed(3).build())) {
            trainer.step();
            trainer.saveCheckpoint(current);
            @SuppressWarnings("unchecked")
            Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) TorchFile.read(current, "checkpoint"));
            String configuration = (String) root.get("configuration");
            root.put("configuration", configuration.replace("domainLoss=MEAN_CONCATENATED", "domainLoss=MEAN"));
            TorchFile.write(old, root, "checkpoint");

            trainer.step();
            String message = assertThrows(IllegalArgumentException.class, () -> trainer.restoreCheckpoint(old)).getMessage();
            assertTrue(message.contains("older dann4j whose domain loss 'mean' was half the sum")
                    && message.contains("concatenated") && !message.contains("\n"), message);
            assertEquals(2, trainer.currentStep());
            trainer.restoreCheckpoint(current);
            assertEquals(1, trainer.currentStep());
            String other = assertThrows(IllegalArgumentException.class, () -> summing.restoreCheckpoint(current)).getMessage();
            assertTrue(other.contains("domainLoss=MEAN_CONCATENATED"), other);
        }
    }
}
