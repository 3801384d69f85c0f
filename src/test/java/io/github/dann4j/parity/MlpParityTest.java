package io.github.dann4j.parity;

import static io.github.dann4j.parity.ReferenceFiles.relativeError;
import static io.github.dann4j.parity.ReferenceFiles.withPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.train.DannTrainer;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java training against PyTorch reference runs (reference/make_references.py): from the same
 * initial weights and data, every step's losses and the parameters after the first and last step
 * agree within 1e-5 (float32) and 1e-12 (float64) relative error.
 */
class MlpParityTest {

    private static double tolerance(String dtype) {
        return dtype.equals("float64") ? 1e-12 : 1e-5;
    }

    static ScalarType scalarType(String dtype) {
        return dtype.equals("float64") ? ScalarType.Double : ScalarType.Float;
    }

    /** Case 1: the seed's model, sigmoid + BCE domain loss, constant lambda 0.5, plain SGD, 100 full-batch steps. */
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void seedModelMatchesPyTorchOver100Steps(String dtype) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> ref = ReferenceFiles.load("seed_mlp_" + dtype + ".pt");
            DannModel model = DannModel.mlp(2).features(3, 4).classifier(7, 8).discriminator(5, 6)
                    .activation(Activation.TANH).domainOutput(DomainOutput.PROBABILITIES).build();
            TrainingConfig config = TrainingConfig.builder().steps(100).batchSizes(9, 10).shuffle(false)
                    .lambda(LambdaSchedule.constant(0.5)).learningRate(LearningRateSchedule.constant(0.01))
                    .optimizer(OptimizerSpec.sgd()).dtype(scalarType(dtype)).build();
            runAndCompare("seed " + dtype, ref, model, config, 100, false);
        }
    }

    /** Case 2: the paper's shallow DANN, momentum 0.9, both schedules, cyclic 8+8 batches, 50 steps. */
    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void paperModelWithSchedulesMatchesPyTorchOver50Steps(String dtype) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> ref = ReferenceFiles.load("paper_mlp_" + dtype + ".pt");
            DannModel model = DannModel.mlp(2).features(15).classifier(2).discriminator(1)
                    .activation(Activation.SIGMOID).build();
            TrainingConfig config = TrainingConfig.builder().steps(50).batchSizes(8, 8).shuffle(false)
                    .lambda(LambdaSchedule.paper()).learningRate(LearningRateSchedule.paper())
                    .optimizer(OptimizerSpec.sgdMomentum(0.9)).dtype(scalarType(dtype)).build();
            runAndCompare("paper " + dtype, ref, model, config, 50, true);
        }
    }

    static void runAndCompare(String name, Map<String, Tensor> ref, DannModel model, TrainingConfig config,
            int steps, boolean checkSchedules) {
        String dtype = name.endsWith("float64") ? "float64" : "float32";
        double tolerance = tolerance(dtype);
        TensorDataset source = TensorDataset.labelled(ref.get("data.source_x"), ref.get("data.source_y"));
        TensorDataset target = TensorDataset.unlabelled(ref.get("data.target_x"));
        try (model; source; target; DannTrainer trainer = new DannTrainer(model, source, target, config)) {
            StateDict.copyInto(model, withPrefix(ref, "init."), "init.*");
            double[] loss = new double[steps], labelLoss = new double[steps], domainLoss = new double[steps];
            double[] lambda = new double[steps], lr = new double[steps];
            double worstParameter = 0;
            double worstParameterAbs = 0;
            for (int t = 0; t < steps; t++) {
                StepMetrics m = trainer.step();
                loss[t] = m.loss();
                labelLoss[t] = m.labelLoss();
                domainLoss[t] = m.domainLoss();
                lambda[t] = m.lambda();
                lr[t] = m.learningRate();
                if (t == 0 || t == steps - 1) {
                    String prefix = "after_" + (t + 1) + ".";
                    Map<String, Tensor> expected = withPrefix(ref, prefix);
                    Map<String, Tensor> actual = model.stateTensors();
                    assertEquals(expected.keySet(), actual.keySet());
                    for (String key : expected.keySet()) {
                        double error = relativeError(actual.get(key), expected.get(key));
                        worstParameter = Math.max(worstParameter, error);
                        worstParameterAbs = Math.max(worstParameterAbs, absoluteError(actual.get(key), expected.get(key)));
                        assertTrue(error <= tolerance, name + ": " + prefix + key + " relative error " + error);
                    }
                }
            }
            double lossError = Math.max(relativeError(loss, Tensors.toDoubles(ref.get("step.loss"))),
                    Math.max(relativeError(labelLoss, Tensors.toDoubles(ref.get("step.label_loss"))),
                            relativeError(domainLoss, Tensors.toDoubles(ref.get("step.domain_loss")))));
            // Printed for the record of measured parity errors.
            System.out.printf("parity %-14s max relative error: losses %.3e, parameters %.3e (max absolute %.3e)%n", name,
                    lossError, worstParameter, worstParameterAbs);
            assertTrue(lossError <= tolerance, name + ": per-step loss relative error " + lossError);
            if (checkSchedules) {
                double scheduleError = Math.max(relativeError(lambda, Tensors.toDoubles(ref.get("step.lambda"))),
                        relativeError(lr, Tensors.toDoubles(ref.get("step.lr"))));
                assertTrue(scheduleError <= 1e-14, name + ": lambda/lr schedule relative error " + scheduleError);
            }
        }
    }

    private static double absoluteError(Tensor actual, Tensor expected) {
        double[] a = Tensors.toDoubles(actual);
        double[] e = Tensors.toDoubles(expected);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        return worst;
    }
}
