package io.github.dann4j.parity;

import static io.github.dann4j.parity.ReferenceFiles.relativeError;
import static io.github.dann4j.parity.ReferenceFiles.withPrefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.DomainLabels;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.StepMetrics;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two labelled sources and a target against PyTorch (reference cases 10 and 11,
 * {@code multisource_{merged,per_domain}_*.pt}, reference/make_multisource_references.py): a small
 * MLP, 50 steps of SGD with momentum 0.9 under the paper's schedules, cyclic batches of 6 and 4
 * source samples and 8 target samples, through {@link DannTrainer}'s several-sources constructor.
 * Merged: one binary logit, sources against the target; per-domain: three logits, softmax
 * cross-entropy. Every step's losses, each source's own label loss, and the parameters after the
 * first and the last step agree within 1e-12 (float64) and 1e-5 (float32) relative error; each
 * domain's accuracy of every step is the reference's.
 */
class MultiSourceParityTest {

    @ParameterizedTest
    @CsvSource({"merged, float32", "merged, float64", "per_domain, float32", "per_domain, float64"})
    void twoSourcesMatchPyTorchOver50Steps(String labels, String dtype) {
        boolean perDomain = labels.equals("per_domain");
        double tolerance = dtype.equals("float64") ? 1e-12 : 1e-5;
        int steps = 50;
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> ref = ReferenceFiles.load("multisource_" + labels + "_" + dtype + ".pt");
            DannModel model = DannModel.mlp(2).features(8).classifier(3).discriminator(6, perDomain ? 3 : 1)
                    .activation(Activation.TANH).build();
            TrainingConfig config = TrainingConfig.builder().steps(steps).batchSizes(6, 8).sourceBatchSizes(6, 4)
                    .shuffle(false).lambda(LambdaSchedule.paper()).learningRate(LearningRateSchedule.paper())
                    .optimizer(OptimizerSpec.sgdMomentum(0.9))
                    .domainLabels(perDomain ? DomainLabels.PER_DOMAIN : DomainLabels.MERGED)
                    .dtype(MlpParityTest.scalarType(dtype)).build();
            TensorDataset source0 = TensorDataset.labelled(ref.get("data.source0_x"), ref.get("data.source0_y"));
            TensorDataset source1 = TensorDataset.labelled(ref.get("data.source1_x"), ref.get("data.source1_y"));
            TensorDataset target = TensorDataset.unlabelled(ref.get("data.target_x"));
            try (model; source0; source1; target;
                    DannTrainer trainer = new DannTrainer(model, List.of(source0, source1), target, config)) {
                StateDict.copyInto(model, withPrefix(ref, "init."), "init.*");
                double[] loss = new double[steps], labelLoss = new double[steps], domainLoss = new double[steps];
                double[] lambda = new double[steps], lr = new double[steps];
                double[] sourceLabelLoss = new double[steps * 2], domainAccuracy = new double[steps * 3];
                double worstParameter = 0;
                for (int t = 0; t < steps; t++) {
                    StepMetrics m = trainer.step();
                    loss[t] = m.loss();
                    labelLoss[t] = m.labelLoss();
                    domainLoss[t] = m.domainLoss();
                    lambda[t] = m.lambda();
                    lr[t] = m.learningRate();
                    assertEquals(2, m.domains().sources());
                    for (int k = 0; k < 2; k++) {
                        sourceLabelLoss[t * 2 + k] = m.domains().sourceLabelLoss().get(k);
                    }
                    for (int k = 0; k < 3; k++) {
                        domainAccuracy[t * 3 + k] = m.domains().domainAccuracy().get(k);
                    }
                    if (t == 0 || t == steps - 1) {
                        Map<String, Tensor> expected = withPrefix(ref, "after_" + (t + 1) + ".");
                        Map<String, Tensor> actual = model.stateTensors();
                        assertEquals(expected.keySet(), actual.keySet());
                        for (String key : expected.keySet()) {
                            double error = relativeError(actual.get(key), expected.get(key));
                            worstParameter = Math.max(worstParameter, error);
                            assertTrue(error <= tolerance, labels + " " + dtype + ": after_" + (t + 1) + "." + key
                                    + " relative error " + error);
                        }
                    }
                }
                double lossError = Math.max(relativeError(loss, Tensors.toDoubles(ref.get("step.loss"))),
                        Math.max(relativeError(labelLoss, Tensors.toDoubles(ref.get("step.label_loss"))),
                                relativeError(domainLoss, Tensors.toDoubles(ref.get("step.domain_loss")))));
                double perSourceError = relativeError(sourceLabelLoss, Tensors.toDoubles(ref.get("step.source_label_loss")));
                // Printed for the record of measured parity errors.
                System.out.printf("parity multi-source %-10s %s max relative error: losses %.3e, per-source label losses"
                        + " %.3e, parameters %.3e%n", labels, dtype, lossError, perSourceError, worstParameter);
                assertTrue(lossError <= tolerance, labels + " " + dtype + ": per-step loss relative error " + lossError);
                assertTrue(perSourceError <= tolerance, labels + " " + dtype + ": per-source label loss relative error "
                        + perSourceError);
                assertArrayEquals(Tensors.toDoubles(ref.get("step.domain_accuracy")), domainAccuracy,
                        labels + " " + dtype + ": each domain's accuracy of each step");
                double scheduleError = Math.max(relativeError(lambda, Tensors.toDoubles(ref.get("step.lambda"))),
                        relativeError(lr, Tensors.toDoubles(ref.get("step.lr"))));
                assertTrue(scheduleError <= 1e-14, "lambda/lr schedule relative error " + scheduleError);
            }
        }
    }
}
