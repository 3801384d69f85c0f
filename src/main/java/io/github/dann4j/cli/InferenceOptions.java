package io.github.dann4j.cli;

import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.LoadOptions;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Task;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that apply a saved model (evaluate, predict). */
final class InferenceOptions {
    @Option(names = "--label-column", defaultValue = "label", description = "CSV label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--limit", description = "Use only the first N samples of each set.")
    Long limit;

    @Option(names = "--batch-size", defaultValue = "512", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--target-columns", split = ",", paramLabel = "Y1,Y2", description = "For a regression model: the CSV"
            + " columns holding the targets (default: the --label-column alone); they are not features.")
    List<String> targetColumns;

    /** How data files are read (labels: null to find them beside the data). */
    LoadOptions loadOptions(Path labels) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        return DataPipeline.loadOptions(labelColumn, limit, labels);
    }

    /** How data files are read for {@code model}: a regression model's data has continuous targets. */
    LoadOptions loadOptions(Path labels, TrainedModel model) {
        Task task = model.description().task();
        if (targetColumns != null && task != Task.REGRESSION) {
            throw new IllegalArgumentException("--target-columns is for a regression model; this one classifies");
        }
        return DataPipeline.regression(loadOptions(labels), task, targetColumns);
    }

    /** The files {@link #read} reads for {@code data}, labels found beside it included. */
    List<Path> inputs(Path data, Path labels) {
        return DataLoaders.inputs(data, loadOptions(labels));
    }

    /**
     * Reads {@code data} (labels: null to find them beside it) and prepares it as the model's
     * preprocessing says, refusing samples of another shape than the model takes ("the model
     * expects 400 features; --data x.csv has 800").
     *
     * @param option the option that named the data, for messages (e.g. "--data")
     */
    LoadedData read(TrainedModel model, Path data, Path labels, String option) {
        LoadedData raw = DataLoaders.load(data, loadOptions(labels, model));
        try {
            return raw.map(x -> model.prepare(x, option + " " + data));
        } finally {
            raw.close();
        }
    }
}
