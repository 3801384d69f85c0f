package io.github.dann4j.cli;

import io.github.dann4j.data.LoadedData;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import io.github.dann4j.plot.ChartFiles;
import io.github.dann4j.plot.ConfusionHeatMap;
import io.github.dann4j.runtime.OutputLock;
import io.github.dann4j.runtime.Outputs;
import io.github.dann4j.train.ConfusionMatrix;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.RegressionMetrics;
import io.github.dann4j.train.TensorDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Accuracy, per-class accuracy and confusion matrix on a labelled set; domain accuracy and proxy A-distance between two sets. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a trained model: accuracy and confusion matrix on labelled data, or domain accuracy and proxy A-distance between two sets"
                + " (and, with --plot-features, a PCA figure of the model's features of both).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Folder written by train (model.pt, model.properties).")
    Path modelFolder;
    @Option(names = "--data", description = "Labelled data to classify.")
    Path data;
    @Option(names = "--labels", description = "Labels file for --data, when not found beside it.")
    Path labels;
    @Option(names = "--domain-a", description = "First set (domain 0) for domain accuracy and proxy A-distance.")
    Path domainA;
    @Option(names = "--domain-b", description = "Second set (domain 1).")
    Path domainB;
    @Option(names = "--plot-confusion", paramLabel = "FILE", description = "Also draw the confusion matrix of --data as a"
            + " heat map (rows: true class, columns: predicted; colour: share of the true class; counts in the cells)"
            + " to FILE.png or FILE.svg.")
    Path plotConfusion;
    @CommandLine.Mixin
    InferenceOptions options;
    @CommandLine.Mixin
    FeaturePlotOptions featurePlot;

    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        threadOptions.apply();
        if (data == null && (domainA == null || domainB == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --data, or both --domain-a and --domain-b");
        }
        featurePlot.check(spec.commandLine(), modelFolder, domainA, domainB, options);
        if (plotConfusion != null) {
            checkConfusionOutput();
        }
        PrintWriter out = spec.commandLine().getOut();
        Device cpu = new Device("cpu");
        try (TrainedModel trained = TrainedModel.load(modelFolder);
                OutputLock lock = plotConfusion == null ? null
                        : OutputLock.acquire(plotConfusion.toAbsolutePath().getParent(), plotConfusion.getFileName().toString())) {
            DannModel model = trained.network();
            ScalarType dtype = trained.description().dtype();
            if (plotConfusion != null && model.task() == Task.REGRESSION) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--plot-confusion draws class counts; this is a"
                        + " regression model (evaluate prints its MAE and RMSE)");
            }
            if (plotConfusion != null && model.classes() > ConfusionMatrix.MAX_MATRIX_CLASSES) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--plot-confusion draws up to "
                        + ConfusionMatrix.MAX_MATRIX_CLASSES + " classes; the model has " + model.classes());
            }
            if (data != null) {
                try (LoadedData loaded = options.read(trained, data, labels, "--data").requireLabelled("evaluation");
                        TensorDataset set = loaded.toDataset()) {
                    if (model.task() == Task.REGRESSION) {
                        regression(model, set, cpu, dtype, out);
                    } else {
                        classification(model, set, cpu, dtype, out);
                    }
                }
            }
            if (domainA != null && domainB != null) {
                try (LoadedData a = options.read(trained, domainA, null, "--domain-a");
                        LoadedData b = options.read(trained, domainB, null, "--domain-b");
                        TensorDataset setA = a.toDataset();
                        TensorDataset setB = b.toDataset();
                        PointerScope scope = new PointerScope()) {
                    double domainAccuracy = Evaluation.domainAccuracy(model, setA, setB, options.batchSize, cpu, dtype);
                    Tensor featuresA = Evaluation.features(model, setA, options.batchSize, cpu, dtype);
                    Tensor featuresB = Evaluation.features(model, setB, options.batchSize, cpu, dtype);
                    double pad = Evaluation.proxyADistance(featuresA, featuresB, 300, 0);
                    out.printf(Locale.ROOT, "domain accuracy of the model's domain classifier %.4f%n", domainAccuracy);
                    out.printf(Locale.ROOT, "proxy A-distance of the model's features %.4f (0: indistinguishable, 2: separable)%n", pad);
                }
                featurePlot.draw(trained, modelFolder, domainA, domainB, options, out);
            }
        }
        out.flush();
        return 0;
    }

    /** Before any work: a .png or .svg that is none of the inputs, and --data to draw. */
    private void checkConfusionOutput() {
        if (data == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plot-confusion needs --data");
        }
        try {
            ChartFiles.Format.of(plotConfusion);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plot-confusion: " + e.getMessage());
        }
        List<Path> inputs = new ArrayList<>(options.inputs(data, labels));
        inputs.addAll(ModelFolder.files(modelFolder));
        if (domainA != null) {
            inputs.addAll(options.inputs(domainA, null));
        }
        if (domainB != null) {
            inputs.addAll(options.inputs(domainB, null));
        }
        Outputs.requireNotInput(plotConfusion, inputs);
    }

    /** MAE and RMSE over all outputs, then per output. */
    private void regression(DannModel model, TensorDataset set, Device cpu, ScalarType dtype, PrintWriter out) {
        RegressionMetrics result = Evaluation.regression(model, set, options.batchSize, cpu, dtype);
        out.printf(Locale.ROOT, "MAE %.6g RMSE %.6g (%d samples, %d outputs)%n", result.overallMae(), result.overallRmse(),
                result.samples(), result.outputs());
        double[] mae = result.mae();
        double[] rmse = result.rmse();
        for (int j = 0; j < result.outputs(); j++) {
            out.printf(Locale.ROOT, "  output %d: MAE %.6g RMSE %.6g%n", j, mae[j], rmse[j]);
        }
    }

    private void classification(DannModel model, TensorDataset set, Device cpu, ScalarType dtype, PrintWriter out) {
        ConfusionMatrix result = ConfusionMatrix.of(model, set, options.batchSize, cpu, dtype);
        int classes = result.classes();
        out.printf(Locale.ROOT, "accuracy %.4f (%d of %d)%n", result.accuracy(), result.correct(), result.total());
        out.println("per-class accuracy:");
        for (int c = 0; c < classes; c++) {
            out.printf(Locale.ROOT, "  class %d: %s (%d samples)%n", c, result.support(c) == 0 ? "n/a"
                    : String.format(Locale.ROOT, "%.4f", result.classAccuracy(c)), result.support(c));
        }
        if (!result.hasMatrix()) {
            out.printf(Locale.ROOT, "confusion matrix not shown: %d classes (it is shown for up to %d)%n", classes,
                    ConfusionMatrix.MAX_MATRIX_CLASSES);
            return;
        }
        out.println("confusion matrix (rows: true class, columns: predicted class):");
        for (int t = 0; t < classes; t++) {
            StringBuilder row = new StringBuilder("  ");
            for (int p = 0; p < classes; p++) {
                row.append(String.format(Locale.ROOT, "%7d", result.count(t, p)));
            }
            out.println(row);
        }
        if (plotConfusion != null) {
            ConfusionHeatMap.save(result, String.format(Locale.ROOT, "%s: accuracy %.4f (%d samples)", data.getFileName(),
                    result.accuracy(), result.total()), null, plotConfusion);
            out.printf(Locale.ROOT, "wrote %s%n", plotConfusion);
        }
    }
}
