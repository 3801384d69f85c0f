package io.github.dann4j.select;

import io.github.dann4j.model.TrainedModel;

/**
 * A label-free model-selection score: computed from a model's outputs on unlabelled target data
 * ({@link ModelOutputs}), plus labelled held-out source data where the method needs it. Target
 * labels are never an input. Implementations are immutable and safe to share between threads.
 */
public interface Validator {
    /** The registry name, e.g. {@code "snd"} (see {@link Validators}). */
    String name();

    /** Whether a higher or a lower score marks the better model. */
    Direction direction();

    /** Whether the score needs labelled held-out source data ({@link ModelOutputs#hasSource()}). */
    boolean needsSource();

    /**
     * The score of one model.
     *
     * @throws IllegalArgumentException naming what is missing (e.g. "dev needs labelled source
     *     data") when {@code outputs} lacks a part the method needs
     */
    double score(ModelOutputs outputs);

    /**
     * Whether the score needs the model itself and the selection data besides the model's
     * outputs, because it trains a model of its own ({@link ReverseValidation}); such a validator
     * is scored with {@link #score(TrainedModel, SelectionData, ModelOutputs)} only.
     */
    default boolean needsModel() {
        return false;
    }

    /**
     * The score of {@code model}, whose outputs on {@code data} are {@code outputs}
     * ({@link ModelOutputs#compute}): what every caller that has the model should call. By
     * default {@link #score(ModelOutputs)}.
     */
    default double score(TrainedModel model, SelectionData data, ModelOutputs outputs) {
        return score(outputs);
    }
}
