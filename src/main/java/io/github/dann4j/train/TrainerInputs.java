package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import java.util.Arrays;
import java.util.List;

/** The checks a {@link DannTrainer} makes of its model, data and configuration before anything moves. */
final class TrainerInputs {
    private TrainerInputs() {}

    /**
     * @param sources the labelled source datasets, at least one
     * @throws IllegalArgumentException if something is missing or the data does not fit the model or each other
     */
    static void check(DannModel model, List<TensorDataset> sources, TensorDataset target, TrainingConfig config) {
        if (model == null || sources == null || sources.isEmpty() || sources.stream().anyMatch(java.util.Objects::isNull) || config == null) {
            throw new IllegalArgumentException("model, source data and config are required");
        }
        int count = sources.size();
        for (int k = 0; k < count; k++) {
            checkSource(model, sources.get(k), count == 1 ? "the source dataset" : "source " + k);
            if (k > 0 && !Arrays.equals(sources.get(0).sampleShape(), sources.get(k).sampleShape())) {
                throw new IllegalArgumentException("source 0 has samples of shape " + Arrays.toString(sources.get(0).sampleShape())
                        + " but source " + k + " has " + Arrays.toString(sources.get(k).sampleShape()));
            }
        }
        int sizes = config.sourceBatchSizeCount();
        if (sizes != 0 && sizes != count) {
            throw new IllegalArgumentException("the configuration gives " + sizes + " source batch sizes for " + count
                    + " source domain" + (count == 1 ? "" : "s") + "; give one per source, or one size for all");
        }
        if (config.labelLoss.task() != model.task()) {
            throw new IllegalArgumentException("the label loss " + config.labelLoss.cliName() + " is for "
                    + config.labelLoss.task() + " but the model is a " + model.task() + " model"
                    + (model.task() == Task.REGRESSION ? " (use mse or l1)" : " (use cross-entropy)"));
        }
        if (model.task() == Task.REGRESSION && !config.sourceOnly && config.method.conditional()) {
            throw new IllegalArgumentException(config.method.cliName() + " conditions the domain classifier on class"
                    + " probabilities, which a regression model does not predict; use dann");
        }
        if (!config.sourceOnly && config.method.conditional() != model.conditioning().conditional()) {
            throw new IllegalArgumentException(config.method.conditional()
                    ? config.method.cliName() + " needs a model whose domain classifier sees the class prediction: build it"
                            + " with a domain map (DannModel.Builder.conditioning, --domain-map)"
                    : "this model's domain classifier has the " + model.conditioning() + " domain map; train it with"
                            + " cdan or cdan-e, not dann");
        }
        if (!config.sourceOnly && config.domainLabels == DomainLabels.PER_DOMAIN) {
            long outputs = model.domainOutputCount();
            if (outputs != count + 1L || model.domainOutput() != io.github.dann4j.nn.DomainOutput.LOGITS) {
                throw new IllegalArgumentException("per-domain domain labels with " + count + " source"
                        + (count == 1 ? "" : "s") + " need a domain classifier of " + (count + 1) + " logits; this model has "
                        + outputs + (model.domainOutput() == io.github.dann4j.nn.DomainOutput.LOGITS ? " logits" : " probabilities"));
            }
        }
        if (target == null && !config.sourceOnly) {
            throw new IllegalArgumentException("target data is required unless the run is source-only");
        }
        if (target != null && !Arrays.equals(sources.get(0).sampleShape(), target.sampleShape())) {
            throw new IllegalArgumentException((count == 1 ? "source" : "source 0") + " samples have shape "
                    + Arrays.toString(sources.get(0).sampleShape()) + " but target samples have shape "
                    + Arrays.toString(target.sampleShape()));
        }
    }

    private static void checkSource(DannModel model, TensorDataset source, String name) {
        if (!source.isLabelled()) {
            throw new IllegalArgumentException(name + " needs labels");
        }
        String who = name.equals("the source dataset") ? "the source" : name;
        if (model.task() == Task.REGRESSION) {
            if (!source.isRegression()) {
                throw new IllegalArgumentException("regression needs floating source targets [N, m]; " + who
                        + " has integer class labels (TensorDataset.regression)");
            }
            if (source.targetWidth() != model.classes()) {
                throw new IllegalArgumentException(who + " has " + source.targetWidth() + " target values per sample but"
                        + " the model predicts " + model.classes());
            }
            return;
        }
        if (source.isRegression()) {
            throw new IllegalArgumentException("classification needs integer class labels; " + who + " has floating"
                    + " regression targets of " + source.targetWidth() + " values (train a regression model)");
        }
        long[] range = source.labelRange();
        if (range[0] < 0 || range[1] >= model.classes()) {
            throw new IllegalArgumentException((name.equals("the source dataset") ? "source" : name) + " labels range over ["
                    + range[0] + ", " + range[1] + "] but the model has " + model.classes() + " classes (labels 0.."
                    + (model.classes() - 1) + ")");
        }
    }
}
