package io.github.dann4j.parity;

import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.train.DomainLossReduction;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.TrainingConfig;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --domain-loss mean} against PyTorch (reference case 6, {@code seed_mlp_mean_*.pt}): the
 * seed model of case 1 on 9 source + 10 target samples, so the two batches differ in size, trained
 * with one binary cross-entropy averaged over the concatenated source+target domain outputs.
 * Same tolerances as {@link MlpParityTest}: 1e-5 (float32), 1e-12 (float64) relative.
 */
class MeanDomainLossParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void meanOverTheConcatenatedUnequalBatchMatchesPyTorchOver100Steps(String dtype) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> ref = ReferenceFiles.load("seed_mlp_mean_" + dtype + ".pt");
            DannModel model = DannModel.mlp(2).features(3, 4).classifier(7, 8).discriminator(5, 6)
                    .activation(Activation.TANH).domainOutput(DomainOutput.PROBABILITIES).build();
            TrainingConfig config = TrainingConfig.builder().steps(100).batchSizes(9, 10).shuffle(false)
                    .lambda(LambdaSchedule.constant(0.5)).learningRate(LearningRateSchedule.constant(0.01))
                    .optimizer(OptimizerSpec.sgd()).domainLoss(DomainLossReduction.MEAN)
                    .dtype(MlpParityTest.scalarType(dtype)).build();
            MlpParityTest.runAndCompare("mean " + dtype, ref, model, config, 100, false);
        }
    }
}
