/**
 * Trained models for applications: the model folder format ({@link io.github.dann4j.model.ModelFolder},
 * {@link io.github.dann4j.model.ModelDescription}), the preprocessing a model's inputs need
 * ({@link io.github.dann4j.model.Preprocessor}) and inference
 * ({@link io.github.dann4j.model.TrainedModel}: features, images, raw or prepared tensors in;
 * {@link io.github.dann4j.model.Prediction} out), safe from many threads at once.
 */
package io.github.dann4j.model;
