/**
 * Choosing a model without target labels: validators, each a score with a direction, computed from
 * a model's outputs on unlabelled target data ({@link io.github.dann4j.select.ModelOutputs}) and,
 * where the method needs them, labelled held-out source data. {@link io.github.dann4j.select.SelectionData}
 * holds the data once for all candidate models; {@link io.github.dann4j.select.Validators} names
 * the scores; {@link io.github.dann4j.select.Ranking} chooses among models and measures how well a
 * score ranks them against accuracy, where it is known (for comparison only). Every score is
 * computed in float64 and is deterministic; reference/validators.py computes the same scores
 * independently (the parity test).
 */
package io.github.dann4j.select;
