/**
 * Choosing a model without target labels: validators, each a score with a direction, computed from
 * a model's outputs on unlabelled target data ({@link io.github.dann4j.select.ModelOutputs}) and,
 * where the method needs them, labelled held-out source data. {@link io.github.dann4j.select.SelectionData}
 * holds the data once for all candidate models; {@link io.github.dann4j.select.Validators} names
 * the scores; {@link io.github.dann4j.select.Ranking} chooses among models and measures how well a
 * score ranks them against accuracy, where it is known (for comparison only).
 * {@link io.github.dann4j.select.ReverseValidation} trains a reverse model for each score, so it
 * also needs the model and the data ({@code Validator.score(model, data, outputs)}). Every score is
 * deterministic; the output-based ones are computed in float64, and reference/validators.py
 * computes them independently (the parity test).
 */
package io.github.dann4j.select;
