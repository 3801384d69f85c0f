package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;
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
        long[] range = source.labelRange();
        if (range[0] < 0 || range[1] >= model.classes()) {
            throw new IllegalArgumentException("source labels range over [" + range[0] + ", " + range[1]
                    + "] but the model has " + model.classes() + " classes (labels 0.." + (model.classes() - 1) + ")");
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
