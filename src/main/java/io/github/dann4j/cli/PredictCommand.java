package io.github.dann4j.cli;

import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.LoadOptions;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.runtime.OutputLock;
import io.github.dann4j.runtime.Outputs;
import io.github.dann4j.train.TensorDataset;
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
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Class and class probabilities per sample, to CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict the class and class probabilities of each sample; writes CSV.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Folder written by train (model.pt, model.properties).")
    Path modelFolder;
    @Option(names = "--data", required = true, description = "Data to classify (labels, if any, are ignored).")
    Path data;
    @Option(names = {"-o", "--output"}, required = true, description = "CSV file to write: index,class,p0,p1,...")
    Path output;
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
        List<Path> inputs = new ArrayList<>(DataLoaders.inputs(data, LoadOptions.DEFAULTS.withLabelColumn(options.labelColumn)));
        inputs.addAll(SavedModel.files(modelFolder));
        Outputs.requireNotInput(output, inputs);
        PrintWriter out = spec.commandLine().getOut();
        Device cpu = new Device("cpu");
        long count;
        Path folder = output.toAbsolutePath().getParent();
        try (OutputLock lock = OutputLock.acquire(folder, output.getFileName().toString());
                SavedModel saved = SavedModel.load(modelFolder)) {
            DataPipeline pipeline = options.pipeline(saved);
            try (LoadedData loaded = InferenceOptions.read(saved, pipeline, data, null, "--data");
                    TensorDataset set = loaded.toDataset()) {
                count = set.size();
                int classes = (int) saved.spec.classes();
                AtomicFiles.write(output, file -> write(file, saved, set, classes, cpu));
            }
        }
        out.printf(Locale.ROOT, "wrote %d predictions to %s%n", count, output);
        out.flush();
        return 0;
    }

    private void write(Path file, SavedModel saved, TensorDataset set, int classes, Device cpu) {
        saved.model.train(false);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8); NoGradGuard noGrad = new NoGradGuard()) {
            StringBuilder header = new StringBuilder("index,class");
            for (int c = 0; c < classes; c++) {
                header.append(",p").append(c);
            }
            writer.write(header.append('\n').toString());
            for (long start = 0; start < set.size(); start += options.batchSize) {
                try (PointerScope scope = new PointerScope()) {
                    long[] indices = set.batchIndices(start, options.batchSize);
                    Tensor probabilities = torch.softmax(saved.model.predictLogits(set.featureBatch(indices, cpu, ScalarType.Float)), 1);
                    double[] p = Tensors.toDoubles(probabilities);
                    for (int i = 0; i < indices.length; i++) {
                        int best = 0;
                        for (int c = 1; c < classes; c++) {
                            if (p[i * classes + c] > p[i * classes + best]) {
                                best = c;
                            }
                        }
                        StringBuilder row = new StringBuilder().append(indices[i]).append(',').append(best);
                        for (int c = 0; c < classes; c++) {
                            row.append(',').append(String.format(Locale.ROOT, "%.6g", p[i * classes + c]));
                        }
                        writer.write(row.append('\n').toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + Messages.of(e), e);
        }
    }
}
