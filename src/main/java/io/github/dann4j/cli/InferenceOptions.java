package io.github.dann4j.cli;

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
}
