package io.github.dann4j.cli;

import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.Inputs;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.PredictOptions;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.plot.ChartFiles;
import io.github.dann4j.plot.FeatureSpace;
import io.github.dann4j.runtime.Outputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** evaluate's feature-space figure: the options, their checks, and the calls into plot.FeatureSpace. */
final class FeaturePlotOptions {
    @Option(names = "--plot-features", paramLabel = "FILE", description = "Draw the model's features of --domain-a and"
            + " --domain-b, projected to 2-D by PCA, to FILE (.png or .svg).")
    Path file;
    @Option(names = "--labels-a", description = "Labels for --domain-a (colour by class), when not found beside it.")
    Path labelsA;
    @Option(names = "--labels-b", description = "Labels for --domain-b.")
    Path labelsB;
    @Option(names = "--beside", paramLabel = "DIR", description = "A second model folder drawn as a panel beside the"
            + " first (e.g. --model source-only --beside dann).")
    Path beside;
    @Option(names = "--domain-names", split = ",", paramLabel = "A,B", description = "The domains' names in the legend"
            + " (default: domain A,domain B).")
    List<String> names;
    @Option(names = "--plot-points", defaultValue = "2000", description = "At most this many points per domain, a"
            + " seeded subsample (default: ${DEFAULT-VALUE}).")
    int points;
    @Option(names = "--colour-by", defaultValue = "auto", paramLabel = "auto|domain|class", description = "Colour the"
            + " points by domain, or by class with the marker's shape for the domain (auto: by class when both sets have"
            + " labels; default: ${DEFAULT-VALUE}).")
    String colourBy;

    /** Checks the options, the extension and that the figure overwrites no input, before any work. */
    void check(CommandLine commandLine, Path model, Path domainA, Path domainB, InferenceOptions options) {
        if (file == null) {
            if (labelsA != null || labelsB != null || beside != null || names != null || !colourBy.equals("auto")) {
                throw new CommandLine.ParameterException(commandLine,
                        "--labels-a, --labels-b, --beside, --domain-names and --colour-by need --plot-features");
            }
            return;
        }
        if (domainA == null || domainB == null) {
            throw new CommandLine.ParameterException(commandLine, "--plot-features needs --domain-a and --domain-b");
        }
        try {
            ChartFiles.Format.of(file);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--plot-features: " + e.getMessage());
        }
        if (names != null && (names.size() != 2 || names.stream().anyMatch(String::isBlank))) {
            throw new CommandLine.ParameterException(commandLine, "--domain-names takes two names, e.g. MNIST,MNIST-M; got "
                    + String.join(",", names));
        }
        if (!List.of("auto", "domain", "class").contains(colourBy)) {
            throw new CommandLine.ParameterException(commandLine, "--colour-by takes auto, domain or class; got " + colourBy);
        }
        if (points < 2) {
            throw new CommandLine.ParameterException(commandLine, "--plot-points must be at least 2, got " + points);
        }
        List<Path> inputs = new ArrayList<>(options.inputs(domainA, labelsA));
        inputs.addAll(options.inputs(domainB, labelsB));
        inputs.addAll(ModelFolder.files(model));
        if (beside != null) {
            inputs.addAll(ModelFolder.files(beside));
        }
        Outputs.requireNotInput(file, inputs);
    }

    /** Draws the figure, if asked for: one panel for {@code model}, one for {@code --beside}. */
    void draw(TrainedModel model, Path modelFolder, Path domainA, Path domainB, InferenceOptions options, PrintWriter out) {
        if (file == null) {
            return;
        }
        FeatureSpace.Options style = FeatureSpace.Options.DEFAULTS.withMaxPoints(points);
        if (names != null) {
            style = style.withNames(names.get(0).trim(), names.get(1).trim());
        }
        PredictOptions batches = new PredictOptions(options.batchSize, false);
        try (LoadedData a = DataLoaders.load(domainA, options.loadOptions(labelsA, model));
                LoadedData b = DataLoaders.load(domainB, options.loadOptions(labelsB, model));
                PointerScope scope = new PointerScope()) {
            Tensor rawA = subsample(a.features(), points, style.seed());
            Tensor rawB = subsample(b.features(), points, style.seed() + 1);
            if (colourBy.equals("class") && (a.isRegression() || b.isRegression())) {
                throw new IllegalArgumentException("--colour-by class needs class labels; a regression model's data has"
                        + " continuous targets (colour by domain)");
            }
            boolean labelled = a.isLabelled() && b.isLabelled() && !a.isRegression() && !b.isRegression()
                    && !colourBy.equals("domain");
            if (colourBy.equals("class") && !labelled) {
                throw new IllegalArgumentException("--colour-by class needs labels for both sets: "
                        + (a.isLabelled() ? domainB : domainA) + " has none (give --labels-a/--labels-b)");
            }
            int[] classesA = labelled ? ints(subsample(a.labels(), points, style.seed())) : null;
            int[] classesB = labelled ? ints(subsample(b.labels(), points, style.seed() + 1)) : null;
            List<FeatureSpace.Panel> panels = new ArrayList<>();
            panels.add(panel(model, modelFolder, rawA, rawB, domainA, domainB, batches, classesA, classesB));
            if (beside != null) {
                try (TrainedModel second = TrainedModel.load(beside)) {
                    panels.add(panel(second, beside, rawA, rawB, domainA, domainB, batches, classesA, classesB));
                }
            }
            FeatureSpace.save(panels, style, file);
            out.printf("wrote the feature-space figure %s (%d + %d points a panel, %s)%n", file, rawA.size(0), rawB.size(0),
                    labelled ? "coloured by class, shaped by domain" : "coloured by domain");
        }
    }

    private static FeatureSpace.Panel panel(TrainedModel model, Path folder, Tensor rawA, Tensor rawB, Path domainA,
            Path domainB, PredictOptions batches, int[] classesA, int[] classesB) {
        double[][] a = model.features(Inputs.raw(rawA, "--domain-a " + domainA), batches);
        double[][] b = model.features(Inputs.raw(rawB, "--domain-b " + domainB), batches);
        Path name = folder.toAbsolutePath().normalize().getFileName();
        FeatureSpace.Panel panel = new FeatureSpace.Panel(name == null ? folder.toString() : name.toString(), a, b);
        return classesA == null ? panel : panel.withLabels(classesA, classesB);
    }

    /** The rows FeatureSpace.sample picks (the same choice the figure would make itself), in the caller's scope. */
    private static Tensor subsample(Tensor all, int max, long seed) {
        int[] picked = FeatureSpace.sample(Math.toIntExact(all.size(0)), max, seed);
        return torch.index_select(all, 0, Tensors.fromLongs(Arrays.stream(picked).asLongStream().toArray()));
    }

    private static int[] ints(Tensor labels) {
        return Arrays.stream(Tensors.toLongs(labels)).mapToInt(Math::toIntExact).toArray();
    }
}
