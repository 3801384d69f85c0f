package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class DomainLossReductionTest {
    @Test
    void parsesBothNamesAndRejectsOthers() {
        assertEquals(DomainLossReduction.SUM, DomainLossReduction.parse("sum"));
        assertEquals(DomainLossReduction.MEAN, DomainLossReduction.parse(" Mean "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainLossReduction.parse("avg"));
        assertTrue(e.getMessage().contains("sum or mean") && e.getMessage().contains("avg"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DomainLossReduction.parse(null));
    }

    @Test
    void meanIsHalfTheSumAndEqualsOneLossOverTheWholeBatch() {
        torch.manual_seed(5);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(3).features(4).classifier(2).discriminator(1)
                        .activation(Activation.TANH).build()) {
            Tensor sourceX = torch.randn(6, 3);
            Tensor sourceY = Tensors.fromLongs(new long[] {0, 1, 1, 0, 1, 0});
            Tensor targetX = torch.randn(6, 3).add(new Scalar(1.0));
            DannObjective.Terms sum = DannObjective.compute(model, sourceX, sourceY, targetX, false, DomainLossReduction.SUM);
            DannObjective.Terms mean = DannObjective.compute(model, sourceX, sourceY, targetX, false, DomainLossReduction.MEAN);
            assertEquals(sum.labelLoss().item_double(), mean.labelLoss().item_double(), 0.0);
            assertEquals(sum.domainLoss().item_double() / 2, mean.domainLoss().item_double(), 1e-7);
            // with equal batch sizes: binary cross-entropy averaged over all 12 outputs
            Tensor outputs = torch.cat(new org.bytedeco.pytorch.TensorVector(mean.domainSource(), mean.domainTarget()));
            Tensor labels = torch.cat(new org.bytedeco.pytorch.TensorVector(torch.zeros_like(mean.domainSource()),
                    torch.ones_like(mean.domainTarget())));
            assertEquals(torch.binary_cross_entropy_with_logits(outputs, labels).item_double(),
                    mean.domainLoss().item_double(), 1e-6);
            assertEquals(mean.labelLoss().item_double() + mean.domainLoss().item_double(), mean.total().item_double(), 1e-6);
        }
    }

    @Test
    void theTrainerUsesTheConfiguredReduction() {
        assertEquals(DomainLossReduction.SUM, TrainingConfig.builder().build().domainLoss());
        TrainingConfig config = TrainingConfig.builder().domainLoss(DomainLossReduction.MEAN).build();
        assertEquals(DomainLossReduction.MEAN, config.domainLoss());
        assertTrue(config.signature().contains("domainLoss=MEAN"), "a checkpoint must not resume under the other reduction");
        assertThrows(NullPointerException.class, () -> TrainingConfig.builder().domainLoss(null));
    }
}
