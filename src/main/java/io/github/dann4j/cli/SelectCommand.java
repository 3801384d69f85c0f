package io.github.dann4j.cli;

import io.github.dann4j.data.DataLoaders;
import io.github.dann4j.data.LoadOptions;
import io.github.dann4j.data.LoadedData;
import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.report.RunProperties;
import io.github.dann4j.runtime.Outputs;
import io.github.dann4j.select.ModelOutputs;
import io.github.dann4j.select.ReverseValidation;
import io.github.dann4j.select.SelectionData;
import io.github.dann4j.select.SourceAccuracy;
import io.github.dann4j.select.Validator;
import io.github.dann4j.select.Validators;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Scores trained models with label-free validators (io.github.dann4j.select) and says which each would choose. */
@Command(name = "select", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Choose among trained models without target labels: score each run folder with label-free validators"
                + " (source-accuracy, entropy, im, bnm, snd, dev, pad, reverse-source-only, reverse-dann) on unlabelled"
                + " target data and, for source-accuracy, dev, pad and the reverse validations, labelled held-out source"
                + " data; print the table and each validator's choice. Target labels are read only with"
                + " --target-labels, for comparison.")
final class SelectCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SelectCommand.class);
    @Option(names = "--runs", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Model folders written by train (model.pt, model.properties; run.properties for the settings).")
    List<Path> runs;
    @Option(names = "--target", required = true, description = "Unlabelled target data; labels beside it are never used to score.")
    Path target;
    @Option(names = "--source", description = "Labelled held-out source data (not the training set), split in two"
            + " alternating halves: even samples train DEV's domain classifier, odd ones are the validation set.")
    Path source;
    @Option(names = "--source-labels", description = "Labels file for --source, when not found beside it.")
    Path sourceLabels;
    @Option(names = "--validator", defaultValue = "all", paramLabel = "NAME|all", description = "Comma-separated"
            + " validators: source-accuracy, entropy, im, bnm, snd, dev, pad, reverse-source-only, reverse-dann, or all"
            + " (default: ${DEFAULT-VALUE}; without --source, all leaves out the five that need it). The two reverse"
            + " validations train a reverse model for each run (--reverse-steps).")
    String validator;
    @Option(names = "--reverse-steps", defaultValue = "" + ReverseValidation.DEFAULT_STEPS, paramLabel = "N",
            description = "Steps of each reverse run (batches of 64 + 64; default: ${DEFAULT-VALUE}).")
    long reverseSteps;
    @Option(names = "--reverse-seed", defaultValue = "0", paramLabel = "S", description = "Seed of the reverse models'"
            + " weights and batch order (default: ${DEFAULT-VALUE}).")
    long reverseSeed;
    @Option(names = "--reverse-schedules", defaultValue = "run", paramLabel = "run|paper", description = "The λ and"
            + " learning-rate schedules of reverse-dann's runs: each run's own --lambda and --lr from its"
            + " run.properties, as reverse validation prescribes (the paper's where a run has none), or the paper's"
            + " for every run (default: ${DEFAULT-VALUE}). With run, a cdan or cdan-e run's reverse model is trained"
            + " with its --method too (paper: a DANN). reverse-source-only always uses the paper's learning rate.")
    String reverseSchedules;
    @Option(names = "--output", paramLabel = "scores.csv", description = "Also write the table as CSV.")
    Path output;
    @Option(names = "--target-labels", paramLabel = "PATH", description = "For comparison only: the target's labels"
            + " (IDX labels, an image folder's labels file, labels .npy; or --target itself for a CSV or .npz with"
            + " labels). Adds the true target accuracy, each validator's Spearman correlation with it and the"
            + " chosen run's accuracy against the best.")
    Path targetLabels;
    @Option(names = "--plot", paramLabel = "FILE", description = "With --target-labels: draw each validator's scores"
            + " against the true target accuracy, one panel per validator, to FILE.png or FILE.svg.")
    Path plot;
    @Option(names = "--max-samples", defaultValue = "" + SelectionData.DEFAULT_MAX_SAMPLES, description = "At most N"
            + " evenly spaced samples of the target and of --source (default: ${DEFAULT-VALUE}).")
    int maxSamples;
    @CommandLine.Mixin
    InferenceOptions options;
    @CommandLine.Mixin
    ThreadOptions threadOptions;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    private List<String> leftOut = List.of(); // the validators "all" leaves out without --source

    @Override
    public Integer call() {
        threadOptions.apply();
        List<Validator> validators = validators();
        checkInputs();
        PrintWriter out = spec.commandLine().getOut();
        List<SelectTable.Row> rows = new ArrayList<>();
        try (LoadedData t = DataLoaders.load(target, targetOptions());
                LoadedData s = source == null ? null : DataLoaders.load(source, options.loadOptions(sourceLabels));
                SelectionData data = SelectionData.of(t, s, maxSamples)) {
            int[] labels = targetLabels == null ? null : keptLabels(t.requireLabelled("--target-labels: target"), data);
            checkShapes(data);
            if (!leftOut.isEmpty()) { // after every check, so that an error stays one line
                spec.commandLine().getErr().println("dann4j: note: without --source, leaving out " + String.join(", ", leftOut));
            }
            long started = System.nanoTime();
            for (int i = 0; i < runs.size(); i++) {
                Path run = runs.get(i);
                try (TrainedModel model = TrainedModel.load(run)) {
                    if (model.description().task() == io.github.dann4j.nn.Task.REGRESSION) {
                        throw new IllegalArgumentException(run + " is a regression model; the label-free validators score"
                                + " class predictions (compare regression runs by their validation MAE)");
                    }
                    ModelOutputs outputs = ModelOutputs.compute(model, data, options.batchSize);
                    double[] scores = new double[validators.size()];
                    for (int v = 0; v < scores.length; v++) {
                        scores[v] = forRun(validators.get(v), run).score(model, data, outputs);
                    }
                    rows.add(new SelectTable.Row(run, SelectTable.settings(run), scores,
                            labels == null ? Double.NaN : SourceAccuracy.accuracy(outputs.targetLogits(), labels)));
                }
                LOG.info("scored {} of {} runs ({}; {} s so far)", i + 1, runs.size(), run,
                        Math.round((System.nanoTime() - started) / 1e9));
            }
            SelectTable table = new SelectTable(validators, rows, labels != null);
            table.print(out, data.target().size(0), data.hasSource() ? data.sourceValidation().size(0) : 0);
            if (output != null) {
                AtomicFiles.writeString(output, table.csv());
                out.println("wrote " + output);
            }
            if (plot != null) {
                table.plot(plot);
                out.println("wrote " + plot);
            }
        }
        out.flush();
        return 0;
    }

    /** The validator as it scores {@code run}: a reverse validation gets --reverse-steps and --reverse-seed, reverse-dann the run's schedules. */
    private Validator forRun(Validator v, Path run) {
        if (!(v instanceof ReverseValidation reverse)) {
            return v;
        }
        ReverseValidation r = ReverseValidation.of(reverse.config().toBuilder().steps(reverseSteps).seed(reverseSeed).build());
        if (r.config().sourceOnly() || reverseSchedules.equals("paper")) {
            return r;
        }
        Path file = run.resolve(RunProperties.FILE_NAME);
        java.util.Map<String, String> settings = Files.isRegularFile(file) ? RunProperties.read(file) : java.util.Map.of();
        try {
            return r.withSchedules(LambdaSchedule.parse(settings.getOrDefault("setting.lambda", "paper")),
                    LearningRateSchedule.parse(settings.getOrDefault("setting.lr", "paper")))
                    .withMethod(io.github.dann4j.train.Method.parse(settings.getOrDefault("setting.method", "dann")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--runs " + run + ": " + file + ": " + e.getMessage());
        }
    }

    /** --validator as validators; one that needs --source without it is refused, all without it leaves them out. */
    private List<Validator> validators() {
        List<Validator> chosen;
        try {
            chosen = Validators.parse(validator);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--validator: " + e.getMessage());
        }
        if (source != null) {
            return chosen;
        }
        boolean all = List.of(validator.toLowerCase(java.util.Locale.ROOT).split(",")).stream().anyMatch(n -> n.trim().equals("all"));
        for (Validator v : chosen) {
            if (v.needsSource() && !all) {
                throw new CommandLine.ParameterException(spec.commandLine(), v.name() + " needs labelled source data: give"
                        + " --source (held-out labelled source data)");
            }
        }
        List<Validator> kept = chosen.stream().filter(v -> !v.needsSource()).toList();
        leftOut = chosen.stream().filter(Validator::needsSource).map(Validator::name).toList();
        return kept;
    }

    /** Before any data is read: every run is a model folder, the options make sense, the CSV is no input. */
    private void checkInputs() {
        if (reverseSteps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reverse-steps must be positive, got " + reverseSteps);
        }
        if (!reverseSchedules.equals("run") && !reverseSchedules.equals("paper")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reverse-schedules must be run or paper, got '"
                    + reverseSchedules + "'");
        }
        if (maxSamples < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-samples must be at least 2, got " + maxSamples);
        }
        if (sourceLabels != null && source == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--source-labels needs --source");
        }
        if (plot != null && targetLabels == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plot draws scores against the true target"
                    + " accuracy: it needs --target-labels");
        }
        if (plot != null) {
            try {
                io.github.dann4j.plot.ChartFiles.Format.of(plot);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--plot: " + e.getMessage());
            }
        }
        List<Path> inputs = new ArrayList<>(options.inputs(target, null));
        for (Path run : runs) {
            if (!Files.isRegularFile(run.resolve(ModelFolder.WEIGHTS)) || !Files.isRegularFile(run.resolve(ModelFolder.DESCRIPTION))) {
                throw new IllegalArgumentException("--runs " + run + ": not a model folder (no " + ModelFolder.WEIGHTS + " or "
                        + ModelFolder.DESCRIPTION + "; train writes them)");
            }
            ModelFolder.description(run); // a damaged or unknown description fails here, before any data
            inputs.addAll(ModelFolder.files(run));
        }
        if (source != null) {
            inputs.addAll(options.inputs(source, sourceLabels));
        }
        if (plot != null) {
            Outputs.requireNotInput(plot, inputs);
        }
        if (output != null) {
            Outputs.requireNotInput(output, inputs);
        }
    }

    /** The target read with its labels only when --target-labels names them (else beside-the-data labels, dropped unread). */
    private LoadOptions targetOptions() {
        if (targetLabels == null || Outputs.real(targetLabels).equals(Outputs.real(target))) {
            return options.loadOptions(null);
        }
        return options.loadOptions(targetLabels);
    }

    /** The labels of the target samples the selection data kept (for the comparison columns only). */
    private static int[] keptLabels(LoadedData target, SelectionData data) {
        long[] all;
        try (PointerScope scope = new PointerScope()) {
            all = Tensors.toLongs(target.labels());
        }
        int[] kept = data.targetIndices();
        int[] out = new int[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = Math.toIntExact(all[kept[i]]);
        }
        return out;
    }

    /** Every model takes the data (its preprocessing brings one sample to its input shape), before any scoring. */
    private void checkShapes(SelectionData data) {
        for (Path run : runs) {
            try (TrainedModel model = TrainedModel.load(run); PointerScope scope = new PointerScope()) {
                model.prepare(one(data.target()), "--runs " + run + ": " + data.targetName());
                if (data.hasSource()) {
                    model.prepare(one(data.sourceTrain()), "--runs " + run + ": " + data.sourceName());
                }
            }
        }
    }

    private static Tensor one(Tensor x) {
        return x.narrow(0, 0, 1);
    }
}
