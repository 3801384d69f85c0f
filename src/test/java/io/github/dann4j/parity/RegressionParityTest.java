package io.github.dann4j.parity;

import static io.github.dann4j.parity.ReferenceFiles.relativeError;
import static io.github.dann4j.parity.ReferenceFiles.withPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.LabelLoss;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.StepMetrics;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Regression through {@link DannTrainer} against PyTorch (cases 12 and 13 of reference/README.md,
 * reference/make_regression_references.py): an MLP regressing 2 values, DANN with the paper's
 * schedules and SGD momentum 0.9, 50 steps of cyclic 8 + 6 batches, the label loss PyTorch's
 * mse_loss or l1_loss. Every step's losses and the weights after the first and the last step agree
 * within 1e-12 (float64) and 1e-5 (float32) relative error.
 */
class RegressionParityTest {
    private static final int STEPS = 50;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mse, float32", "mse, float64", "l1, float64"})
    void regressionMatchesPyTorchOver50Steps(String loss, String dtype) {
        double tolerance = dtype.equals("float64") ? 1e-12 : 1e-5;
        ScalarType type = dtype.equals("float64") ? ScalarType.Double : ScalarType.Float;
        String name = "regression " + loss + " " + dtype;
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> ref = ReferenceFiles.load("regression_" + loss + "_" + dtype + ".pt");
            DannModel model = DannModel.mlp(3).features(6, 5).classifier(7, 2).discriminator(4, 1)
                    .activation(Activation.TANH).task(Task.REGRESSION).build();
            TrainingConfig config = TrainingConfig.builder().steps(STEPS).batchSizes(8, 6).shuffle(false)
                    .lambda(LambdaSchedule.paper()).learningRate(LearningRateSchedule.paper())
                    .optimizer(OptimizerSpec.sgdMomentum(0.9)).labelLoss(LabelLoss.parse(loss)).dtype(type).build();
            TensorDataset source = TensorDataset.regression(ref.get("data.source_x"), ref.get("data.source_y"));
            TensorDataset target = TensorDataset.unlabelled(ref.get("data.target_x"));
            try (model; source; target; DannTrainer trainer = new DannTrainer(model, source, target, config)) {
                StateDict.copyInto(model, withPrefix(ref, "init."), "init.*");
                double[] total = new double[STEPS];
                double[] label = new double[STEPS];
                double[] domain = new double[STEPS];
                double[] lambda = new double[STEPS];
                double[] lr = new double[STEPS];
                double worstParameter = 0;
                for (int t = 0; t < STEPS; t++) {
                    StepMetrics m = trainer.step();
                    total[t] = m.loss();
                    label[t] = m.labelLoss();
                    domain[t] = m.domainLoss();
                    lambda[t] = m.lambda();
                    lr[t] = m.learningRate();
                    if (t == 0 || t == STEPS - 1) {
                        String prefix = "after_" + (t + 1) + ".";
                        Map<String, Tensor> expected = withPrefix(ref, prefix);
                        Map<String, Tensor> actual = model.stateTensors();
                        assertEquals(expected.keySet(), actual.keySet());
                        for (String key : expected.keySet()) {
                            double error = relativeError(actual.get(key), expected.get(key));
                            worstParameter = Math.max(worstParameter, error);
                            assertTrue(error <= tolerance, name + ": " + prefix + key + " relative error " + error);
                        }
                    }
                }
                double lossError = Math.max(relativeError(total, Tensors.toDoubles(ref.get("step.loss"))),
                        Math.max(relativeError(label, Tensors.toDoubles(ref.get("step.label_loss"))),
                                relativeError(domain, Tensors.toDoubles(ref.get("step.domain_loss")))));
                double scheduleError = Math.max(relativeError(lambda, Tensors.toDoubles(ref.get("step.lambda"))),
                        relativeError(lr, Tensors.toDoubles(ref.get("step.lr"))));
                // Printed for the record of measured parity errors.
                System.out.printf("parity %-24s max relative error: losses %.3e, parameters %.3e%n", name, lossError,
                        worstParameter);
                assertTrue(lossError <= tolerance, name + ": per-step loss relative error " + lossError);
                assertTrue(scheduleError <= 1e-14, name + ": lambda/lr schedule relative error " + scheduleError);
            }
        }
    }
}
