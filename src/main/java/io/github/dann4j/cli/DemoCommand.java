package io.github.dann4j.cli;

import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.plot.DecisionBoundaries;
import io.github.dann4j.plot.FeatureSpace;
import io.github.dann4j.plot.TrainingCurves;
import io.github.dann4j.report.RunProperties;
import io.github.dann4j.runtime.OutputLock;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.OptimizerSpec;
import io.github.dann4j.train.StepMetrics;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
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

/**
 * The paper's toy experiment (Ganin et al., JMLR 2016, Figure 2), with nothing to download: two
 * inter-twining moons as the labelled source, the same moons rotated by 35° as the unlabelled
 * target; a shallow network with 15 hidden units trained source-only and with DANN, same settings
 * and seed; both evaluated on a held-out labelled target sample.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Two-moons toy experiment: source-only vs DANN on moons rotated by 35 degrees; writes figures (PNG or SVG:"
                + " decision boundaries, training curves, feature space), a CSV and run.properties.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, defaultValue = "dann4j-demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--seed", split = ",", defaultValue = "1",
            description = "Seed(s); several (e.g. 1,2,3,4,5) print mean and standard deviation. Figures use the first.")
    List<Long> seeds;

    @Option(names = "--steps", defaultValue = "6000", description = "Training steps per model (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--rotation", defaultValue = "35", description = "Target rotation in degrees (default: ${DEFAULT-VALUE}).")
    double rotation;

    @CommandLine.Mixin
    FigureOptions figures;

    @CommandLine.Mixin
    ThreadOptions threadOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final int SOURCE_SIZE = 300;
    private static final int TARGET_SIZE = 300;
    private static final int HELD_OUT_SIZE = 1000;
    private static final int GRID = 140;

    private String boundariesFile;
    private String curvesFile;
    private String featuresFile;

    @Override
    public Integer call() {
        threadOptions.apply();
        if (steps <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be positive, got " + steps);
        }
        boundariesFile = figures.file("decision_boundaries");
        curvesFile = figures.file("training_curves");
        featuresFile = figures.file("feature_space");
        PrintWriter out = spec.commandLine().getOut();
        try (OutputLock lock = OutputLock.acquire(output, boundariesFile, curvesFile, featuresFile, "metrics.csv",
                RunProperties.FILE_NAME)) {
            run(out);
        }
        return 0;
    }

    private void run(PrintWriter out) {
        long started = System.nanoTime();
        RunProperties record = RunRecord.start(spec);
        List<double[]> accuracies = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            accuracies.add(runSeed(seeds.get(i), i == 0, out));
        }
        if (seeds.size() > 1) {
            out.printf(Locale.ROOT, "over %d seeds: source-only %.3f +- %.3f, DANN %.3f +- %.3f (target accuracy, mean +- std)%n",
                    seeds.size(), mean(accuracies, 0), std(accuracies, 0), mean(accuracies, 1), std(accuracies, 1));
        }
        record.result("source_only_target_accuracy", mean(accuracies, 0)).result("dann_target_accuracy", mean(accuracies, 1))
                .write(output.resolve(RunProperties.FILE_NAME), java.time.Instant.now());
        out.printf(Locale.ROOT, "wrote %s, %s, %s, %s, %s (%.1f s)%n", output.resolve(boundariesFile),
                output.resolve(curvesFile), output.resolve(featuresFile), output.resolve("metrics.csv"),
                output.resolve(RunProperties.FILE_NAME), (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    /** Returns {source-only accuracy, DANN accuracy} on the held-out target sample. */
    private double[] runSeed(long seed, boolean writeFigures, PrintWriter out) {
        Random random = new Random(seed);
        TwoMoons source = TwoMoons.sample(SOURCE_SIZE, 0, random);
        TwoMoons target = TwoMoons.sample(TARGET_SIZE, rotation, random);
        TwoMoons heldOut = TwoMoons.sample(HELD_OUT_SIZE, rotation, random);
        double[] bounds = bounds(source.points, target.points);
        Map<String, List<StepMetrics>> runs = new LinkedHashMap<>();
        List<DecisionBoundaries.Panel> panels = new ArrayList<>();
        List<FeatureSpace.Panel> featurePanels = new ArrayList<>();
        double[] accuracy = new double[2];
        for (int run = 0; run < 2; run++) {
            boolean sourceOnly = run == 0;
            String name = sourceOnly ? "source-only" : "DANN";
            torch.manual_seed(seed);
            List<StepMetrics> metrics = new ArrayList<>();
            try (DannModel model = DannModel.mlp(2).features(15).classifier(2).discriminator(15, 1)
                            .activation(Activation.SIGMOID).build();
                    TensorDataset s = TensorDataset.labelled(source.points, source.labels);
                    TensorDataset t = TensorDataset.unlabelled(target.points);
                    TensorDataset h = TensorDataset.labelled(heldOut.points, heldOut.labels);
                    DannTrainer trainer = new DannTrainer(model, s, sourceOnly ? null : t, config(seed, sourceOnly));
                    Progress progress = Progress.start(name + " seed " + seed, steps)) {
                trainer.run(m -> {
                    metrics.add(m);
                    progress.step(m);
                });
                accuracy[run] = Evaluation.accuracy(model, h, HELD_OUT_SIZE, new Device("cpu"), ScalarType.Float);
                if (writeFigures) {
                    panels.add(new DecisionBoundaries.Panel(String.format(Locale.ROOT, "%s: target accuracy %.3f", name, accuracy[run]),
                            gridProbabilities(model, bounds), bounds, source.points, source.labels, target.points));
                    featurePanels.add(featurePanel(name, model, s, t, source, target));
                }
            }
            runs.put(name, metrics);
        }
        out.printf(Locale.ROOT, "seed %d: target accuracy source-only %.3f, DANN %.3f (held-out sample of %d rotated by %.0f degrees)%n",
                seed, accuracy[0], accuracy[1], HELD_OUT_SIZE, rotation);
        out.flush();
        if (writeFigures) {
            DecisionBoundaries.save(panels, output.resolve(boundariesFile));
            TrainingCurves.of(runs).save(output.resolve(curvesFile));
            MetricsCsv.write(output.resolve("metrics.csv"), runs);
            FeatureSpace.save(featurePanels, FeatureSpace.Options.DEFAULTS.withNames("source", "target (rotated)"),
                    output.resolve(featuresFile));
        }
        return accuracy;
    }

    /**
     * The demo's settings, the same for both runs: batches of 32 + 32, SGD with momentum 0.9, the
     * paper's schedules (lambda 0 -> 1; learning rate annealed as in the paper, from 0.2). The
     * domain classifier has one hidden layer of 15 units: with a bare logistic regressor on the
     * features, DANN on this toy was less stable across seeds (see the closing note).
     */
    private TrainingConfig config(long seed, boolean sourceOnly) {
        return TrainingConfig.builder().steps(steps).batchSizes(32, 32).seed(seed).sourceOnly(sourceOnly)
                .lambda(LambdaSchedule.paper()).learningRate(LearningRateSchedule.paper(0.2, 10.0, 0.75))
                .optimizer(OptimizerSpec.sgdMomentum(0.9)).build();
    }

    /** P(class 1) over a GRID x GRID lattice covering the bounds, row 0 at the top. */
    private static double[][] gridProbabilities(DannModel model, double[] bounds) {
        double[][] points = new double[GRID * GRID][];
        for (int row = 0; row < GRID; row++) {
            for (int col = 0; col < GRID; col++) {
                double x = bounds[0] + (bounds[1] - bounds[0]) * (col + 0.5) / GRID;
                double y = bounds[3] - (bounds[3] - bounds[2]) * (row + 0.5) / GRID;
                points[row * GRID + col] = new double[] {x, y};
            }
        }
        double[][] probability = new double[GRID][GRID];
        model.train(false);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard();
                TensorDataset grid = TensorDataset.unlabelled(points)) {
            Tensor p = torch.softmax(model.predictLogits(grid.features()), 1).select(1, 1).contiguous();
            double[] values = io.github.dann4j.internal.Tensors.toDoubles(p);
            for (int i = 0; i < values.length; i++) {
                probability[i / GRID][i % GRID] = values[i];
            }
        } finally {
            model.train(true);
        }
        return probability;
    }

    /**
     * One panel of feature_space.png: the net's hidden features of the source and target training
     * points (the target's labels, unseen in training, colour it by class).
     */
    private static FeatureSpace.Panel featurePanel(String name, DannModel model, TensorDataset s, TensorDataset t,
            TwoMoons source, TwoMoons target) {
        try (PointerScope scope = new PointerScope()) {
            Device cpu = new Device("cpu");
            return new FeatureSpace.Panel(name, rows(Evaluation.features(model, s, SOURCE_SIZE, cpu, ScalarType.Float)),
                    rows(Evaluation.features(model, t, TARGET_SIZE, cpu, ScalarType.Float))).withLabels(source.labels, target.labels);
        }
    }

    private static double[][] rows(Tensor features) {
        double[] values = io.github.dann4j.internal.Tensors.toDoubles(features);
        int width = (int) features.size(1);
        double[][] rows = new double[(int) features.size(0)][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(values, i * width, (i + 1) * width);
        }
        return rows;
    }

    private static double[] bounds(double[][] a, double[][] b) {
        double[] bounds = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[][] set : new double[][][] {a, b}) {
            for (double[] p : set) {
                bounds[0] = Math.min(bounds[0], p[0]);
                bounds[1] = Math.max(bounds[1], p[0]);
                bounds[2] = Math.min(bounds[2], p[1]);
                bounds[3] = Math.max(bounds[3], p[1]);
            }
        }
        double padX = 0.1 * (bounds[1] - bounds[0]);
        double padY = 0.1 * (bounds[3] - bounds[2]);
        return new double[] {bounds[0] - padX, bounds[1] + padX, bounds[2] - padY, bounds[3] + padY};
    }

    private static double mean(List<double[]> values, int column) {
        return values.stream().mapToDouble(v -> v[column]).average().orElse(Double.NaN);
    }

    private static double std(List<double[]> values, int column) {
        double mean = mean(values, column);
        return Math.sqrt(values.stream().mapToDouble(v -> (v[column] - mean) * (v[column] - mean)).sum()
                / Math.max(1, values.size() - 1));
    }
}
