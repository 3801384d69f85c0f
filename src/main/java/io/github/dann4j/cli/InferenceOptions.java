package io.github.dann4j.cli;

import io.github.dann4j.data.LoadedData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that apply a saved model (evaluate, predict). */
final class InferenceOptions {
    @Option(names = "--label-column", defaultValue = "label", description = "CSV label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--limit", description = "Use only the first N samples of each set.")
    Long limit;

    @Option(names = "--batch-size", defaultValue = "512", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** The preprocessing the model was trained with, reading data as these options say. */
    DataPipeline pipeline(SavedModel saved) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        return DataPipeline.restore(saved.spec.extra, labelColumn, limit);
    }

    /**
     * Reads {@code data} (labels: null to find them beside it) and preprocesses it as the model
     * was trained, refusing samples of another shape than the model takes before anything else
     * touches them ("the model expects 400 features; --data x.csv has 800").
     *
     * @param option the option that named the data, for messages (e.g. "--data")
     */
    static LoadedData read(SavedModel saved, DataPipeline pipeline, Path data, Path labels, String option) {
        LoadedData shaped = pipeline.shape(pipeline.load(data, labels));
        try {
            saved.model.requireInputShape(shaped.sampleShape(), option + " " + data);
        } catch (RuntimeException e) {
            shaped.close();
            throw e;
        }
        return pipeline.normalize(shaped);
    }
}
