package io.github.dann4j.cli;

import io.github.dann4j.data.HeldOutSplit;
import io.github.dann4j.distributed.DistributedConfig;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.Preprocessor;
import io.github.dann4j.report.RunProperties;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.Task;
import io.github.dann4j.plot.TrainingCurves;
import io.github.dann4j.runtime.OutputLock;
import io.github.dann4j.runtime.Outputs;
import io.github.dann4j.select.BestCheckpoint;
import io.github.dann4j.select.SelectionData;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.Devices;
import io.github.dann4j.train.DomainLossReduction;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.LabelLoss;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.Method;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.SamplingMode;
import io.github.dann4j.train.StepMetrics;
import io.github.dann4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a DANN (or source-only) model on files and writes model, checkpoint, metrics and plots. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train DANN on labelled source data and unlabelled target data.")
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Option(names = "--source", required = true, description = "Labelled source data: IDX images, image folder, CSV,"
            + " .npy/.npz. Repeat it for several source domains (--source A --source B), each labelled, all of the same"
            + " sample shape and preprocessed alike.")
    List<Path> sources;
    @Option(names = "--source-labels", description = "Labels file for the source, when not found beside it; with"
            + " several --source, none or one per --source in the same order.")
    List<Path> sourceLabels;
    @Option(names = "--target", description = "Unlabelled target data (required unless --source-only).")
    Path target;
    @Option(names = "--target-labels", description = "Target labels, used only to report target accuracy (IDX labels,"
            + " an image folder's labels file, labels .npy; CSV and .npz carry their own).")
    Path targetLabels;
    @Option(names = "--validation", description = "Labelled evaluation set (e.g. the target test set); used only for evaluation.")
    Path validation;
    @Option(names = "--validation-labels", description = "Labels file for --validation.")
    Path validationLabels;
    @Mixin
    DataPipeline pipeline;

    @Mixin
    ArchitectureOptions network;
    @Mixin
    MethodOptions methodOptions;
    @Option(names = "--init", description = "Initial weights from a PyTorch state_dict file.")
    Path init;

    @Option(names = "--optimizer", defaultValue = "momentum:0.9", description = "sgd, momentum[:M] or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = "--lr", defaultValue = "paper", description = "Learning rate: constant:MU or paper[:MU0[:ALPHA[:BETA]]] (default: ${DEFAULT-VALUE}).")
    String learningRate;
    @Option(names = "--lambda", defaultValue = "paper", description = "GRL lambda: constant:L, paper[:MAX[:GAMMA]], warmstart:LO:HI[:GAMMA] (default: ${DEFAULT-VALUE}).")
    String lambda;
    @Option(names = "--domain-loss", defaultValue = "sum", description = "How the two domains' losses combine: sum"
            + " (mean over source + mean over target) or mean (one loss averaged over the concatenated source+target"
            + " batch, as in the paper's digits set-up; half the sum when the batch sizes are equal)"
            + " (default: ${DEFAULT-VALUE}).")
    String domainLoss;
    @Option(names = "--steps", description = "Training steps (default: 1000 unless --epochs is given).")
    Long steps;
    @Option(names = "--epochs", description = "Passes over the source data; sets --steps.")
    Double epochs;
    @Option(names = "--batch-size", defaultValue = "64", description = "Batch size per domain (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--source-batch-size", paramLabel = "N[,N...]", description = "Source batch size (overrides"
            + " --batch-size); with several --source one size for each (64) or one per source in order (64,32).")
    String sourceBatchSize;
    @Option(names = "--target-batch-size", description = "Target batch size (overrides --batch-size).")
    Integer targetBatchSize;
    @Option(names = "--no-shuffle", description = "Walk the data in order instead of shuffling each pass.")
    boolean noShuffle;
    @Option(names = "--sampling", defaultValue = "passes", description = "How batches are drawn: passes (each pass over"
            + " the data a fresh shuffle, or in order with --no-shuffle) or replacement (each index uniform and"
            + " independent, PyTorch's torch.randint with a generator seeded by --seed, +1 for the target)"
            + " (default: ${DEFAULT-VALUE}).")
    String sampling;
    @Option(names = "--seed", defaultValue = "1", description = "Seed for weights and batch order (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE}).")
    String device;
    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64; float64 also reads CSV and .npy/.npz features and the --init"
            + " weights without rounding them to float32 (default: ${DEFAULT-VALUE}).")
    String dtype;
    @Option(names = "--source-only", description = "The baseline: train on the label loss only.")
    boolean sourceOnly;

    // Several source domains (issue 26): --source repeated, and what the domain classifier tells apart.
    @Option(names = "--domain-labels", defaultValue = "merged", description = "With several --source: merged (one"
            + " binary output, all sources against the target) or per-domain (K+1 logits, each source and the target,"
            + " softmax cross-entropy; the domain head's last width becomes K+1) (default: ${DEFAULT-VALUE}).")
    String domainLabels;

    // Regression (issue 26): the task and its label loss.
    @Option(names = "--task", defaultValue = "classification", description = "classification (class labels) or"
            + " regression (continuous targets: CSV --target-columns, or a floating labels .npy/.npz array; the label"
            + " head has one output per target; evaluation reports MAE and RMSE) (default: ${DEFAULT-VALUE}).")
    String task;
    @Option(names = "--label-loss", description = "The label loss: cross-entropy (classification), mse or l1"
            + " (regression; mean over the batch and the outputs) (default: cross-entropy, or mse with --task regression).")
    String labelLoss;

    @Option(names = {"-o", "--output"}, defaultValue = "dann4j-run", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;
    @Option(names = "--checkpoint-every", defaultValue = "1000", description = "Write a checkpoint every N steps (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;
    @Option(names = "--metrics-every", defaultValue = "auto", description = "Read the step metrics to the host every N"
            + " steps, summed on the device in between (metrics.csv then has one row, the mean, per N steps); auto: every"
            + " step on the CPU, every " + DannTrainer.DEFAULT_CUDA_METRICS_EVERY + " on CUDA (default: ${DEFAULT-VALUE}).")
    String metricsEvery;
    @Option(names = "--resume", description = "Continue from a checkpoint written by an earlier run with the same settings.")
    Path resume;

    @Mixin
    SelectionOptions selection;

    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @Mixin
    DistributedOptions distributed;

    /** Whether this process writes the outputs: the only process, or rank 0 of a data-parallel run. */
    private boolean primary = true;
    private int world = 1;

    private String curvesFile;
    /** The checked options of the sources (set first in {@link #call}). */
    private MultiSourceOptions several;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The folder of the model kept by --select-by. */
    static final String BEST = "best";

    /** The files (and the folder best) train writes into its output folder, besides the training-curves figure. */
    static final List<String> OUTPUTS = List.of("model.pt", "model.properties", "checkpoint.ckpt", "metrics.csv",
            RunProperties.FILE_NAME, HeldOutSplit.FILE_NAME, BEST);

    @CommandLine.Mixin
    FigureOptions figures;

    @Override
    public Integer call() throws Exception {
        if (distributed.launching()) {
            return distributed.launch(spec.commandLine());
        }
        DistributedConfig worker = distributed.worker(spec.commandLine());
        primary = worker == null || worker.rank() == 0;
        world = worker == null ? 1 : worker.worldSize();
        if (worker != null && selection.selecting()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--select-by does not combine with a"
                    + " data-parallel run yet; select afterwards with dann4j select");
        }
        threadOptions.apply();
        RunProperties run = RunRecord.start(spec);
        PrintWriter out = spec.commandLine().getOut();
        curvesFile = figures.file("training_curves");
        if (target == null && !sourceOnly) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--target is required unless --source-only");
        }
        if (checkpointEvery < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint-every must be at least 1, got "
                    + checkpointEvery);
        }
        for (Integer size : new Integer[] {batchSize, targetBatchSize}) {
            if (size != null && size < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "batch sizes must be at least 1, got " + size);
            }
        }
        several = MultiSourceOptions.check(spec.commandLine(), sources, sourceLabels, sourceBatchSize,
                batchSize, domainLabels, selection, world);
        if (several.domainLabels() == io.github.dann4j.train.DomainLabels.PER_DOMAIN && !sourceOnly) {
            network.requireDomainOutputs(several.domainLabels().outputs(sources.size()),
                    "--domain-labels per-domain with " + sources.size() + " source" + (sources.size() == 1 ? "" : "s"));
        }
        if (targetLabels != null && target == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--target-labels needs --target");
        }
        if (validationLabels != null && validation == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--validation-labels needs --validation");
        }
        int readEvery = metricsEvery.equals("auto") ? 0 : parseMetricsEvery();
        SamplingMode samplingMode;
        try {
            samplingMode = SamplingMode.parse(sampling);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        if (samplingMode == SamplingMode.REPLACEMENT && noShuffle) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sampling replacement draws random batches;"
                    + " it contradicts --no-shuffle, which walks the data in order");
        }
        Task chosenTask;
        LabelLoss chosenLoss;
        try {
            chosenTask = Task.parse(task);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--task must be classification or regression,"
                    + " got '" + task + "'");
        }
        try {
            chosenLoss = labelLoss == null ? (chosenTask == Task.REGRESSION ? LabelLoss.MSE : LabelLoss.CROSS_ENTROPY)
                    : LabelLoss.parse(labelLoss);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--label-loss must be cross-entropy, mse or l1,"
                    + " got '" + labelLoss + "'");
        }
        if (chosenLoss.task() != chosenTask) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--label-loss " + chosenLoss.cliName() + " is for "
                    + chosenLoss.task() + ", not --task " + chosenTask);
        }
        if (chosenTask == Task.REGRESSION && selection.selecting()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--select-by scores class predictions; it does not"
                    + " apply to --task regression (compare regression runs by validation MAE)");
        }
        pipeline.task = chosenTask;
        selection.check(spec.commandLine(), target != null, resume != null);
        network.requireDigitsOptionsIfChosen();
        Method method = methodOptions.method(sourceOnly);
        ScalarType scalarType = switch (dtype) {
            case "float32" -> ScalarType.Float;
            case "float64" -> ScalarType.Double;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--dtype must be float32 or float64, got " + dtype);
        };
        torch.manual_seed(seed);
        try (OutputLock lock = primary ? createOutputFolder() : null;
                TrainInputs inputs = TrainInputs.read(pipeline, scalarType, sources, several.labels(), target, targetLabels,
                        validation, validationLabels)) {
            HeldOutSplit split = selection.holdOut(inputs, seed);
            long totalSteps = totalSteps(inputs.sources(), several);
            try (DannModel model = methodOptions.conditioned(network.architecture(inputs.source(), sources.get(0), chosenTask))
                    .build()) {
                inputs.requireFits(model);
                if (init != null) {
                    // In the training dtype first: float64 weights copied into a float32 model would be rounded.
                    try (PointerScope scope = new PointerScope()) {
                        model.to(Devices.parse("cpu"), scalarType);
                    }
                    StateDict.loadInto(model, init);
                }
                pipeline.fit(inputs.sources(), inputs.target());
                Preprocessor preprocessor = pipeline.preprocessor();
                try (TrainInputs.Datasets sets = inputs.datasets(pipeline)) {
                    int sourceBatch = several.batchSize(0);
                    int targetBatch = targetBatchSize != null ? targetBatchSize : batchSize;
                    for (int k = 0; k < sets.sources().size(); k++) {
                        sets.sources().get(k).requireBatchFits(several.batchSize(k), scalarType, "--batch-size "
                                + several.batchSize(k) + " on the source" + (sources.size() == 1 ? "" : " " + sources.get(k)));
                    }
                    if (sets.target() != null) {
                        sets.target().requireBatchFits(targetBatch, scalarType, "--batch-size " + targetBatch + " on the target");
                    }
                    TrainingConfig.Builder builder = TrainingConfig.builder().steps(totalSteps)
                            .batchSizes(sourceBatch, targetBatch)
                            .shuffle(!noShuffle).sampling(samplingMode).seed(seed).lambda(LambdaSchedule.parse(lambda))
                            .learningRate(LearningRateSchedule.parse(learningRate)).optimizer(OptimizerSpec.parse(optimizer))
                            .sourceOnly(sourceOnly).domainLoss(DomainLossReduction.parse(domainLoss)).method(method)
                            .labelLoss(chosenLoss).device(device).dtype(scalarType).distributed(worker)
                            .sourceBatchSizes(several.batchSizes()).domainLabels(several.domainLabels());
                    if (readEvery > 0) {
                        builder.metricsEvery(readEvery);
                    }
                    TrainingConfig config = builder.build();
                    try (DannTrainer trainer = new DannTrainer(model, sets.sources(), sets.target(), config);
                            SelectionData selectionData = selection.data(inputs, spec.commandLine())) {
                        BestCheckpoint best = selectionData == null ? null : selection.keeper(selectionData,
                                output.resolve(BEST), trainer.deviceName(), config, spec.commandLine());
                        if (primary) {
                            SelectionOptions.record(split, output, run);
                        }
                        train(trainer, model, preprocessor, out, best, run);
                        if (primary) {
                            report(trainer, model, sets, scalarType, out, run);
                            run.put("steps_trained", Long.toString(trainer.currentStep()))
                                    .put("world_size", Integer.toString(trainer.worldSize()))
                                    .write(output.resolve(RunProperties.FILE_NAME), Instant.now());
                        }
                    }
                }
            }
        }
        return 0;
    }

    private void train(DannTrainer trainer, DannModel model, Preprocessor preprocessor, PrintWriter out,
            BestCheckpoint best, RunProperties run) {
        long selectEvery = selection.every(checkpointEvery);
        Path checkpoint = output.resolve("checkpoint.ckpt");
        if (resume != null) {
            trainer.restoreCheckpoint(resume);
            LOG.info("resumed from {} at step {}", resume, trainer.currentStep());
        }
        List<StepMetrics> metrics = new ArrayList<>();
        long firstStep = trainer.currentStep();
        long started = System.nanoTime();
        LOG.info("training {} steps on {} ({}{}), source {}, target {}", trainer.totalSteps(), trainer.deviceName(),
                trainer.worldSize() == 1 ? "" : "rank " + trainer.rank() + " of " + trainer.worldSize() + ", ",
                dtype, sources.size() == 1 ? sources.get(0) : sources, sourceOnly ? "none (source-only)" : target);
        try (Progress progress = Progress.start(runName(), trainer.totalSteps())) {
            while (trainer.currentStep() < trainer.totalSteps()) {
                // up to the next checkpoint or selection; the trainer reads its metrics every --metrics-every steps
                long now = trainer.currentStep();
                long next = Math.min(trainer.totalSteps(), Math.min(nextMultiple(now, checkpointEvery),
                        best == null ? Long.MAX_VALUE : nextMultiple(now, selectEvery)));
                trainer.run(next - now, m -> {
                    metrics.add(m);
                    progress.step(m);
                });
                if (trainer.currentStep() % checkpointEvery == 0 || trainer.currentStep() == trainer.totalSteps()) {
                    trainer.saveCheckpoint(checkpoint);
                }
                if (best != null && (trainer.currentStep() % selectEvery == 0
                        || trainer.currentStep() == trainer.totalSteps())) {
                    double score = best.offer(trainer.currentStep(), model, preprocessor);
                    LOG.info("step {}: {} {}", trainer.currentStep(), best.validator().name(), score);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long trained = trainer.currentStep() - firstStep;
        if (!primary) {
            return; // rank 0 writes the run's files
        }
        ModelFolder.save(model, preprocessor, output);
        Map<String, List<StepMetrics>> runs = new LinkedHashMap<>();
        runs.put(runName(), metrics);
        MetricsCsv.write(output.resolve("metrics.csv"), runs);
        TrainingCurves.of(runs).save(output.resolve(curvesFile));
        out.printf(Locale.ROOT, "trained %d steps in %.1f s (%.1f steps/s); wrote model.pt, model.properties, checkpoint.ckpt, "
                + "metrics.csv, %s to %s%n", trained, seconds, trained / Math.max(seconds, 1e-9), curvesFile, output);
        if (trainer.worldSize() > 1) {
            out.printf(Locale.ROOT, "data-parallel over %d processes: %d bytes allreduced a step, %.1f s in allreduce on"
                    + " rank 0%n", trainer.worldSize(), trainer.allreduceBytesPerStep(), trainer.allreduceSeconds());
        }
        if (best != null) {
            SelectionSummary.print(best, out, run);
        }
    }

    /** Prints the accuracies (a regression model: MAE and RMSE) and records them in {@code run}. */
    private void report(DannTrainer trainer, DannModel model, TrainInputs.Datasets sets, ScalarType scalarType,
            PrintWriter out, RunProperties run) {
        if (model.task() == Task.REGRESSION) {
            RegressionReport.print(trainer, model, sets, scalarType, out, run, target, validation, sourceOnly);
            return;
        }
        int batch = 512;
        double sourceAccuracy = Evaluation.accuracy(model, sets.source(), batch, trainer.device(), scalarType);
        out.printf(Locale.ROOT, "source accuracy (training data) %.4f%n", recorded(run, "source_accuracy", sourceAccuracy));
        MultiSourceOptions.reportOtherSources(model, sets.sources(), sources, batch, trainer.device(), scalarType, out, run);
        if (sets.heldOut() != null) {
            double heldOut = Evaluation.accuracy(model, sets.heldOut(), batch, trainer.device(), scalarType);
            out.printf(Locale.ROOT, "source validation accuracy (held-out source, %d samples, not trained on) %.4f%n",
                    sets.heldOut().size(), recorded(run, "source_validation_accuracy", heldOut));
        }
        if (sets.target() != null && !sourceOnly && sources.size() == 1
                && several.domainLabels() == io.github.dann4j.train.DomainLabels.MERGED) { // binary outputs only
            double domain = Evaluation.domainAccuracy(model, sets.source(), sets.target(), batch, trainer.device(), scalarType);
            out.printf(Locale.ROOT, "domain accuracy (source vs target training data) %.4f%n",
                    recorded(run, "domain_accuracy", domain));
        }
        if (sets.targetLabelled()) {
            double accuracy = Evaluation.accuracy(model, sets.target(), batch, trainer.device(), scalarType);
            out.printf(Locale.ROOT, "target accuracy %.4f (%d samples from %s)%n", recorded(run, "target_accuracy", accuracy),
                    sets.target().size(), target);
        }
        if (sets.validation() != null) {
            double accuracy = Evaluation.accuracy(model, sets.validation(), batch, trainer.device(), scalarType);
            out.printf(Locale.ROOT, "validation accuracy %.4f (%d samples from %s)%n",
                    recorded(run, "validation_accuracy", accuracy), sets.validation().size(), validation);
        }
        out.flush();
    }

    /** The run's name in the progress bar, metrics.csv and the training curves: source-only, DANN, CDAN or CDAN+E. */
    private String runName() {
        return sourceOnly ? "source-only" : switch (methodOptions.method(false)) {
            case DANN -> "DANN";
            case CDAN -> "CDAN";
            case CDAN_E -> "CDAN+E";
        };
    }

    private static double recorded(RunProperties run, String name, double value) {
        run.result(name, value);
        return value;
    }

    /** The smallest multiple of {@code every} after {@code step}. */
    private static long nextMultiple(long step, long every) {
        return (step / every + 1) * every;
    }

    private int parseMetricsEvery() {
        try {
            int n = Integer.parseInt(metricsEvery);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--metrics-every must be auto or a whole number"
                + " of at least 1, got " + metricsEvery);
    }

    /** --steps, or --epochs passes over the sources' samples together (Σ sizes / Σ batch sizes a step). */
    private long totalSteps(List<io.github.dann4j.data.LoadedData> sourceSets, MultiSourceOptions several) {
        long sourceSize = 0;
        long batches = 0;
        for (int k = 0; k < sourceSets.size(); k++) {
            sourceSize += sourceSets.get(k).size();
            batches += several.batchSize(k);
        }
        if (steps != null && epochs != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --steps or --epochs, not both");
        }
        if (epochs != null) {
            if (!(epochs > 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be positive, got " + epochs);
            }
            // a step takes a batch on every rank
            long perStep = batches * world;
            return Math.max(1, (long) Math.ceil(epochs * sourceSize / perStep));
        }
        long n = steps == null ? 1000 : steps;
        if (n <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be positive, got " + n);
        }
        return n;
    }

    /**
     * Locks the output folder (one train run at a time) and checks that no output is an input,
     * by real path: the data, labels found beside it, --init, --resume. Resuming from the folder's
     * own checkpoint.ckpt is the exception: it is read before it is written again.
     */
    private OutputLock createOutputFolder() {
        List<Path> inputs = new ArrayList<>();
        List<Path> labels = MultiSourceOptions.labelsPerSource(sources, sourceLabels);
        for (int k = 0; k < sources.size(); k++) {
            inputs.addAll(pipeline.inputs(sources.get(k), labels.get(k)));
        }
        if (target != null) {
            inputs.addAll(pipeline.inputs(target, null));
            inputs.add(targetLabels);
        }
        if (validation != null) {
            inputs.addAll(pipeline.inputs(validation, validationLabels));
        }
        inputs.add(init);
        List<String> outputs = new ArrayList<>(OUTPUTS);
        outputs.add(curvesFile);
        for (String name : outputs) {
            List<Path> protectedInputs = new ArrayList<>(inputs);
            if (!name.equals("checkpoint.ckpt")) {
                protectedInputs.add(resume);
            }
            Outputs.requireNotInput(output.resolve(name), protectedInputs);
        }
        return OutputLock.acquire(output, outputs.toArray(String[]::new));
    }
}
