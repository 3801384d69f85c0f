package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import java.util.Arrays;

/** The checks a {@link DannTrainer} makes of its model, data and configuration before anything moves. */
final class TrainerInputs {
    private TrainerInputs() {}

    /** @throws IllegalArgumentException if something is missing or the data does not fit the model or each other */
    static void check(DannModel model, TensorDataset source, TensorDataset target, TrainingConfig config) {
        if (model == null || source == null || config == null) {
            throw new IllegalArgumentException("model, source data and config are required");
        }
        if (!source.isLabelled()) {
            throw new IllegalArgumentException("the source dataset needs labels");
        }
        if (config.labelLoss.task() != model.task()) {
            throw new IllegalArgumentException("the label loss " + config.labelLoss.cliName() + " is for "
                    + config.labelLoss.task() + " but the model is a " + model.task() + " model"
                    + (model.task() == Task.REGRESSION ? " (use mse or l1)" : " (use cross-entropy)"));
        }
        if (model.task() == Task.REGRESSION) {
            if (!config.sourceOnly && config.method.conditional()) {
                throw new IllegalArgumentException(config.method.cliName() + " conditions the domain classifier on class"
                        + " probabilities, which a regression model does not predict; use dann");
            }
            if (!source.isRegression()) {
                throw new IllegalArgumentException("regression needs floating source targets [N, m]; the source has integer"
                        + " class labels (TensorDataset.regression)");
            }
            if (source.targetWidth() != model.classes()) {
                throw new IllegalArgumentException("the source has " + source.targetWidth() + " target values per sample but"
                        + " the model predicts " + model.classes());
            }
        } else {
            if (source.isRegression()) {
                throw new IllegalArgumentException("classification needs integer class labels; the source has floating"
                        + " regression targets of " + source.targetWidth() + " values (train a regression model)");
            }
            long[] range = source.labelRange();
            if (range[0] < 0 || range[1] >= model.classes()) {
                throw new IllegalArgumentException("source labels range over [" + range[0] + ", " + range[1]
                        + "] but the model has " + model.classes() + " classes (labels 0.." + (model.classes() - 1) + ")");
            }
        }
        if (!config.sourceOnly && config.method.conditional() != model.conditioning().conditional()) {
            throw new IllegalArgumentException(config.method.conditional()
                    ? config.method.cliName() + " needs a model whose domain classifier sees the class prediction: build it"
                            + " with a domain map (DannModel.Builder.conditioning, --domain-map)"
                    : "this model's domain classifier has the " + model.conditioning() + " domain map; train it with"
                            + " cdan or cdan-e, not dann");
        }
        if (target == null && !config.sourceOnly) {
            throw new IllegalArgumentException("target data is required unless the run is source-only");
        }
        if (target != null && !Arrays.equals(source.sampleShape(), target.sampleShape())) {
            throw new IllegalArgumentException("source samples have shape " + Arrays.toString(source.sampleShape())
                    + " but target samples have shape " + Arrays.toString(target.sampleShape()));
        }
    }
}
