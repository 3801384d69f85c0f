package io.github.dann4j.cli;

import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.Prediction;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.runtime.OutputLock;
import io.github.dann4j.runtime.Outputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Class and class probabilities per sample (a regression model: the predicted values), to CSV:
 * {@link TrainedModel#predict} on a data file.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the class and class probabilities of each sample (a regression model: its predicted"
                + " values); writes CSV.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Folder written by train (model.pt, model.properties).")
    Path modelFolder;
    @Option(names = "--data", required = true, description = "Data to classify (labels, if any, are ignored).")
    Path data;
    @Option(names = {"-o", "--output"}, required = true, description = "CSV file to write: index,class,p0,p1,..."
            + " (a regression model: index,y0,y1,...)")
    Path output;
    @Option(names = "--with-domain", description = "Add a column target_probability: the domain classifier's"
            + " probability that the sample looks like the target domain.")
    boolean withDomain;
    @CommandLine.Mixin
    InferenceOptions options;

    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        threadOptions.apply();
        // Outputs never overwrite inputs: the data, labels read beside it, the model folder's files.
        List<Path> inputs = new ArrayList<>(options.inputs(data, null));
        inputs.addAll(ModelFolder.files(modelFolder));
        Outputs.requireNotInput(output, inputs);
        PrintWriter out = spec.commandLine().getOut();
        Prediction prediction;
        Path folder = output.toAbsolutePath().getParent();
        try (OutputLock lock = OutputLock.acquire(folder, output.getFileName().toString());
                TrainedModel model = TrainedModel.load(modelFolder);
                LoadedData loaded = DataLoaders.load(data, options.loadOptions(null, model))) {
            PredictOptions predictOptions = PredictOptions.DEFAULTS.withBatchSize(options.batchSize);
            prediction = model.predict(Inputs.raw(loaded.features(), "--data " + data),
                    withDomain ? predictOptions.withDomain() : predictOptions);
            AtomicFiles.write(output, file -> write(file, prediction));
        }
        out.printf(Locale.ROOT, "wrote %d predictions to %s%n", prediction.size(), output);
        out.flush();
        return 0;
    }

    private void write(Path file, Prediction prediction) {
        if (prediction.isRegression()) {
            writeValues(file, prediction);
            return;
        }
        int classes = prediction.classCount();
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder("index,class");
            for (int c = 0; c < classes; c++) {
                header.append(",p").append(c);
            }
            if (prediction.hasDomain()) {
                header.append(",target_probability");
            }
            writer.write(header.append('\n').toString());
            for (int i = 0; i < prediction.size(); i++) {
                StringBuilder row = new StringBuilder().append(i).append(',').append(prediction.classOf(i));
                for (int c = 0; c < classes; c++) {
                    row.append(',').append(String.format(Locale.ROOT, "%.6g", prediction.probability(i, c)));
                }
                if (prediction.hasDomain()) {
                    row.append(',').append(String.format(Locale.ROOT, "%.6g", prediction.targetProbability(i)));
                }
                writer.write(row.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + Messages.of(e), e);
        }
    }

    /** A regression model's predictions: {@code index,y0,y1,...[,target_probability]}, 17 significant digits. */
    private void writeValues(Path file, Prediction prediction) {
        int outputs = prediction.classCount();
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder("index");
            for (int j = 0; j < outputs; j++) {
                header.append(",y").append(j);
            }
            if (prediction.hasDomain()) {
                header.append(",target_probability");
            }
            writer.write(header.append('\n').toString());
            for (int i = 0; i < prediction.size(); i++) {
                StringBuilder row = new StringBuilder().append(i);
                for (double v : prediction.values(i)) {
                    row.append(',').append(String.format(Locale.ROOT, "%.17g", v));
                }
                if (prediction.hasDomain()) {
                    row.append(',').append(String.format(Locale.ROOT, "%.6g", prediction.targetProbability(i)));
                }
                writer.write(row.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + Messages.of(e), e);
        }
    }
}
