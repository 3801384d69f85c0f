package io.github.dann4j.nn;

import java.util.Locale;

/**
 * What the label predictor g_y learns from the labelled source: class labels (its outputs are
 * class logits, at least 2) or continuous targets (its outputs are the predicted values, at least
 * 1, one per target column). The domain branch is the same for both; only the label loss, the
 * metrics and what a prediction reports differ.
 */
public enum Task {
    /** Integer class labels {@code [N]}; outputs are logits {@code [batch, classes]}. */
    CLASSIFICATION("classification"),
    /** Floating targets {@code [N, m]}; outputs are the m predicted values {@code [batch, m]}. */
    REGRESSION("regression");

    private final String text;

    Task(String text) {
        this.text = text;
    }

    /** {@code classification} or {@code regression}, as the CLI and {@code model.properties} write it. */
    public String text() {
        return text;
    }

    /** The fewest outputs the label predictor may have: 2 classes, or 1 value. */
    public long minimumOutputs() {
        return this == CLASSIFICATION ? 2 : 1;
    }

    /**
     * Reads {@code classification} or {@code regression} (case and surrounding spaces ignored).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Task parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Task task : values()) {
            if (task.text.equals(t)) {
                return task;
            }
        }
        throw new IllegalArgumentException("the task must be classification or regression, got '" + text + "'");
    }

    @Override
    public String toString() {
        return text;
    }
}
