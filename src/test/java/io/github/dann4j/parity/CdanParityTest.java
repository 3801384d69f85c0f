package io.github.dann4j.parity;

import static io.github.dann4j.parity.MlpParityTest.scalarType;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainConditioning;
import io.github.dann4j.train.DomainLossReduction;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.Method;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.TrainingConfig;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CDAN and CDAN+E (Long et al., NeurIPS 2018) trained by {@code DannTrainer} against an
 * independent PyTorch implementation (reference/make_cdan_references.py, cases 8 and 9 of
 * reference/README.md): the same MLP from the same initial weights (and, for the randomized map,
 * the same R_f and R_g buffers), 50 steps with the paper's schedules and SGD with momentum 0.9 on
 * cyclic 8 + 6 batches. Every step's losses and the parameters after the first and last step agree
 * within 1e-12 relative (float64) and 1e-5 (float32).
 */
class CdanParityTest {

    /** Case 8: CDAN, the multilinear map (15 wide), the two domains' means added. */
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void cdanMultilinearMatchesPyTorch(String dtype) {
        run("cdan_mlp_" + dtype + ".pt", "cdan " + dtype, Method.CDAN, DomainConditioning.multilinear(),
                DomainLossReduction.SUM, dtype);
    }

    /** Case 8: CDAN+E, each domain's mean weighted by 1 + e^(−H). */
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void cdanEntropyMatchesPyTorch(String dtype) {
        run("cdan_e_mlp_" + dtype + ".pt", "cdan-e " + dtype, Method.CDAN_E, DomainConditioning.multilinear(),
                DomainLossReduction.SUM, dtype);
    }

    /** Case 8: CDAN+E with one weighted mean over the concatenated source and target outputs. */
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void cdanEntropyMeanReductionMatchesPyTorch(String dtype) {
        run("cdan_e_mlp_mean_" + dtype + ".pt", "cdan-e mean " + dtype, Method.CDAN_E,
                DomainConditioning.multilinear(), DomainLossReduction.MEAN, dtype);
    }

    /** Case 9: CDAN on the randomized map of width 6, R_f and R_g from the file. */
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void cdanRandomizedMatchesPyTorch(String dtype) {
        run("cdan_randomized_mlp_" + dtype + ".pt", "cdan rand " + dtype, Method.CDAN,
                DomainConditioning.randomized(6), DomainLossReduction.SUM, dtype);
    }

    private static void run(String file, String name, Method method, DomainConditioning map,
            DomainLossReduction reduction, String dtype) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> ref = ReferenceFiles.load(file);
            DannModel model = DannModel.mlp(3).features(6, 5).classifier(7, 3).discriminator(4, 1)
                    .activation(Activation.TANH).conditioning(map).build();
            if (map.kind() == DomainConditioning.Kind.RANDOMIZED) {
                // The buffers are part of the state the parity compares: their shapes must be the file's.
                assertEquals(ref.get("init.domain_map_features").size(1), model.stateTensors().get("domain_map_features").size(1));
            }
            TrainingConfig config = TrainingConfig.builder().steps(50).batchSizes(8, 6).shuffle(false)
                    .lambda(LambdaSchedule.paper()).learningRate(LearningRateSchedule.paper())
                    .optimizer(OptimizerSpec.sgdMomentum(0.9)).domainLoss(reduction).method(method)
                    .dtype(scalarType(dtype)).build();
            MlpParityTest.runAndCompare(name, ref, model, config, 50, true);
        }
    }
}
