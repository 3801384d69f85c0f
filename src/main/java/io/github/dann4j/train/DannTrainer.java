package io.github.dann4j.train;

import io.github.dann4j.distributed.ProcessGroup;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerParamGroupVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Trains a {@link DannModel} on one or more labelled source datasets and an unlabelled target
 * dataset: each step takes the next batch of each (independent {@link BatchSampler} streams,
 * drawn as {@link SamplingMode} says, the first source's seeded with the seed, the target's with
 * seed + 1 and source k ≥ 1's with seed + 1 + k),
 * sets λ and the learning rate from their schedules, computes the {@link Objective} the
 * configuration names ({@link AdversarialObjective}: DANN, CDAN or CDAN+E), and takes one
 * optimizer step.
 *
 * <p>Data-parallel training is this same step with a {@link ProcessGroup}, as DDP wraps a module:
 * rank 0's weights are broadcast at the start and after a resume, each rank draws its share of
 * the global batch ({@code ShardedSampler}), gradients are averaged over the ranks before the
 * optimizer steps ({@code DataParallel}), λ and the learning rate follow the global step (the
 * same on every rank), the metrics are the global ones, and only rank 0 writes checkpoints.
 *
 * <p><b>Metrics and divergence.</b> A step's metrics stay on the training device and are read to
 * the host every {@link #metricsEvery()} steps ({@link TrainingConfig.Builder#metricsEvery}; on
 * the CPU every step by default, on CUDA every {@value #DEFAULT_CUDA_METRICS_EVERY}), at the last
 * step, and at the end of every {@link #step()} and {@link #run} call; between reads nothing waits
 * for the device. A non-finite loss is still never trained on: when a read finds one, the trainer
 * puts back the state it copied (on the device) before the window's first step and replays the
 * window reading every step, then throws {@link TrainingDivergedException} naming the first
 * non-finite step, with the trainer at that step and its weights, optimizer state, batch
 * positions and generator those after the last good step, exactly as with
 * {@code metricsEvery(1)} (on the CPU bit for bit; on CUDA as far as its kernels are
 * deterministic). When {@code step} or {@code run} return normally, every step they ran had a
 * finite loss. A data-parallel run reads every step: its metrics ride in the gradients' allreduce.
 *
 * <p>Each step runs inside its own PointerScope: every tensor it makes is freed when it returns.
 * The trainer owns the optimizer, its metrics window and rollback copy, the datasets' copies it
 * put on a GPU ({@link TrainingConfig.Builder#deviceDataBytes}), and the process group it joined
 * for {@link TrainingConfig.Builder#distributed}; the caller owns the model, the datasets and a
 * group it passed in.
 */
public final class DannTrainer implements AutoCloseable {
    /** How often a trainer on CUDA reads its metrics unless {@link TrainingConfig.Builder#metricsEvery} says. */
    public static final int DEFAULT_CUDA_METRICS_EVERY = 50;

    private final DannModel model;
    private final List<TensorDataset> sources; // the caller's, or copies on the device that the trainer owns
    private final TensorDataset target;
    private final List<TensorDataset> callerSources;
    private final TensorDataset callerTarget;
    private final TrainingConfig config;
    private final Device device;
    private final String deviceName;
    private final ScalarType dtype;
    private final Optimizer optimizer;
    private final List<BatchSampler> sourceSamplers;
    private final BatchSampler targetSampler;
    private final DataParallel parallel;
    private final Objective objective;
    private final MetricsWindow window;
    private long step;
    private final SingleUser user = new SingleUser("DannTrainer");
    private volatile boolean closed;

    /**
     * Also applies dann4j's training thread policy ({@link Threads#applyTrainingDefault}) unless
     * the caller chose a thread count.
     *
     * @param target unlabelled target data; may be null only for a source-only run
     * @throws IllegalArgumentException if the data does not fit the model or each other
     */
    public DannTrainer(DannModel model, TensorDataset source, TensorDataset target, TrainingConfig config) {
        this(model, source, target, config, null);
    }

    /**
     * A trainer on several labelled source domains: each step takes the next batch of every
     * source (source k's {@code config.sourceBatchSize(k)} samples, from its own
     * {@link BatchSampler}, seeded with the seed for source 0 and seed + 1 + k for source k ≥ 1;
     * the target's is seed + 1) and the domain classifier tells the merged sources from the target
     * or each domain from the others, as {@link TrainingConfig#domainLabels()} says. With one
     * source this is {@link #DannTrainer(DannModel, TensorDataset, TensorDataset, TrainingConfig)}.
     *
     * @param sources the labelled source datasets, at least one, in order (per-domain labels number
     *                them so); owned by the caller
     * @throws IllegalArgumentException if a source is unlabelled, the samples' shapes differ, the
     *         batch sizes do not match the sources, or per-domain labels meet a model without
     *         {@code sources + 1} domain logits; also for several sources in a data-parallel run
     *         (not supported yet)
     */
    public DannTrainer(DannModel model, List<TensorDataset> sources, TensorDataset target,
            TrainingConfig config) {
        this(model, sources, target, config, null);
    }

    /**
     * A data-parallel trainer on {@code group} (owned by the caller; null: the group of
     * {@code config.distributed()}, joined here and owned by the trainer, or one process when that
     * is null too). Every rank must create its trainer alike: same model seed, data and config.
     *
     * @throws io.github.dann4j.distributed.DistributedException if joining the group or the first
     *         broadcast fails (one line, within the configured timeouts)
     */
    public DannTrainer(DannModel model, TensorDataset source, TensorDataset target, TrainingConfig config,
            ProcessGroup group) {
        this(model, java.util.Collections.singletonList(source), target, config, group);
    }

    /**
     * Several sources on {@code group}, as above. Data-parallel training takes one source only
     * for now: with several, a group of more than one process (or {@code config.distributed()}
     * of a world above 1) is refused before anything is joined.
     */
    public DannTrainer(DannModel model, List<TensorDataset> sources, TensorDataset target,
            TrainingConfig config, ProcessGroup group) {
        TrainerInputs.check(model, sources, target, config);
        int count = sources.size();
        if (count > 1 && ((group != null && group.worldSize() > 1)
                || (group == null && config.distributed != null && config.distributed.worldSize() > 1))) {
            throw new IllegalArgumentException("data-parallel training takes one source domain; this run has " + count
                    + " (train several sources in one process)");
        }
        for (int k = 0; k < count; k++) {
            model.requireInputShape(sources.get(k).sampleShape(), count == 1 ? "the source data" : "source " + k);
        }
        long sourceSamples = 0;
        for (int k = 0; k < count; k++) {
            sourceSamples += config.sourceBatchSize(k);
        }
        Threads.applyTrainingDefault(model.multiplyAddsPerSample()
                * (sourceSamples + (config.sourceOnly ? 0 : config.targetBatchSize)));
        this.model = model;
        this.callerSources = List.copyOf(sources);
        this.callerTarget = target;
        this.config = config;
        this.objective = AdversarialObjective.of(config);
        this.device = Devices.parse(config.device);
        this.dtype = config.dtype;
        model.to(device, dtype);
        this.deviceName = Devices.name(device, model);
        model.train(true);
        List<TensorDataset> placed = new ArrayList<>(count);
        try {
            for (int k = 0; k < count; k++) {
                placed.add(DeviceData.place(sources.get(k), device, config.deviceDataBytes,
                        count == 1 ? "source" : "source " + k));
            }
        } catch (RuntimeException e) {
            for (int k = 0; k < placed.size(); k++) {
                if (placed.get(k) != sources.get(k)) {
                    placed.get(k).close();
                }
            }
            throw e;
        }
        this.sources = List.copyOf(placed);
        this.target = DeviceData.place(target, device, config.deviceDataBytes, "target");
        this.parallel = joinOrFreeCopies(group, config.distributed, model);
        List<BatchSampler> samplers = new ArrayList<>(count);
        try {
            int rank = rank();
            int world = worldSize();
            this.optimizer = config.optimizer.create(model.module().parameters(), config.learningRateSchedule.at(0));
            for (int k = 0; k < count; k++) {
                samplers.add(shard(BatchSampler.create(config.sampling, (int) sources.get(k).size(), config.shuffle,
                        sourceSeed(config.seed, k)), rank, world));
            }
            this.targetSampler = target == null ? null : shard(BatchSampler.create(config.sampling, (int) target.size(),
                    config.shuffle, config.seed + 1), rank, world);
            this.window = new MetricsWindow(parallel != null ? 1
                    : config.metricsEvery > 0 ? config.metricsEvery
                    : device.is_cuda() ? DEFAULT_CUDA_METRICS_EVERY : 1, device.is_cpu());
        } catch (RuntimeException e) {
            samplers.forEach(BatchSampler::close);
            if (parallel != null) {
                parallel.close();
            }
            freeDeviceCopies();
            throw e;
        }
        this.sourceSamplers = List.copyOf(samplers);
    }


    /** The batch-order seed of source {@code k}: the seed for source 0 (as with one source), seed + 1 + k after. */
    static long sourceSeed(long seed, int k) {
        return k == 0 ? seed : seed + 1 + k;
    }

    private DataParallel joinOrFreeCopies(ProcessGroup group, io.github.dann4j.distributed.DistributedConfig distributed,
            DannModel model) {
        try {
            return DataParallel.join(group, distributed, model);
        } catch (RuntimeException e) {
            freeDeviceCopies();
            throw e;
        }
    }

    /** Closes the datasets' device copies the trainer made (never the caller's own). */
    private void freeDeviceCopies() {
        for (int k = 0; k < sources.size(); k++) {
            if (sources.get(k) != callerSources.get(k)) {
                sources.get(k).close();
            }
        }
        if (target != callerTarget) {
            target.close();
        }
    }

    private static BatchSampler shard(BatchSampler global, int rank, int worldSize) {
        return worldSize == 1 ? global : new ShardedSampler(global, rank, worldSize);
    }

    /**
     * Runs one step and returns its metrics: reads them to the host (one synchronisation with
     * the device); to run many steps without that, use {@link #run(long, Consumer)}.
     *
     * @throws TrainingDivergedException if the loss is not finite (the update is not applied)
     * @throws IllegalStateException if all steps are done, the trainer is closed, or another
     *         thread is using it
     */
    public StepMetrics step() {
        return user.run(this::requireOpen, () -> {
            if (step >= config.steps) {
                throw new IllegalStateException("all " + config.steps + " steps are done");
            }
            StepMetrics[] last = new StepMetrics[1];
            runAlone(step + 1, m -> last[0] = m);
            return last[0];
        });
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this DannTrainer is closed");
        }
    }

    /**
     * Runs steps until {@code end}, reading the metrics at each window's end and at {@code end},
     * passing what is read to {@code listener}, and replaying a window after a rollback.
     */
    private void runAlone(long end, Consumer<StepMetrics> listener) {
        while (step < end) {
            StepMetrics metrics;
            try {
                metrics = stepAlone(parallel != null || window.endsAt(step, end));
            } catch (MetricsWindow.Rollback rollback) {
                window.rollBack(this, rollback.detectedAt);
                continue;
            } catch (RuntimeException e) {
                throw checkedFailure(e);
            }
            if (metrics != null && listener != null) {
                listener.accept(metrics);
            }
        }
    }

    /**
     * A step failed for another reason than its own loss: if an unread step before it was not
     * finite, that step is named instead (after the same rollback and replay).
     */
    private RuntimeException checkedFailure(RuntimeException failure) {
        if (failure instanceof TrainingDivergedException || parallel != null) {
            return failure;
        }
        long failedAt = step;
        try {
            window.checkAfterFailure(failedAt);
        } catch (MetricsWindow.Rollback rollback) {
            window.rollBack(this, rollback.detectedAt);
            try {
                runAlone(failedAt, null);
            } catch (TrainingDivergedException diverged) {
                diverged.addSuppressed(failure);
                return diverged;
            }
        }
        return failure;
    }

    /** Runs step {@code step}; returns its window's metrics when it ends one ({@code windowEnd}), else null. */
    private StepMetrics stepAlone(boolean windowEnd) {
        requireOpen();
        if (step >= config.steps) {
            throw new IllegalStateException("all " + config.steps + " steps are done");
        }
        if (parallel == null) {
            window.beforeStep(this, step, windowEnd);
        }
        double progress = (double) step / config.steps;
        double lambda = config.lambdaSchedule.at(progress);
        double learningRate = config.learningRateSchedule.at(progress);
        model.gradientReversal().setLambda(lambda);
        setLearningRate(learningRate);

        StepMetrics metrics;
        try (PointerScope scope = new PointerScope()) {
            StepBatches batches = nextBatches();

            optimizer.zero_grad();
            ObjectiveTerms terms = objective.compute(model, batches);
            // Several sources: each domain's metrics, summed and read with the others.
            Tensor perDomain = sources.size() == 1 ? null
                    : DomainMetrics.measure(terms, batches, config.labelLoss, model.domainOutput(), config.domainLabels);
            long decisions = config.sourceOnly ? 0 : DannObjective.domainDecisions(terms, config.domainLabels);
            if (parallel == null && window.alone(step, windowEnd)) {
                // a window of this step alone on the CPU: its values read one by one, which costs nothing there
                double[] values = MetricsWindow.values(terms, model.domainOutput(), config.domainLabels, perDomain);
                if (!Double.isFinite(values[0])) {
                    throw new TrainingDivergedException(step, values[0]);
                }
                terms.total().backward();
                optimizer.step();
                metrics = window.add(step, null, decisions, values, true, lambda, learningRate, perDomainCount());
            } else if (parallel == null) {
                // The metrics stay on the device; read (one synchronisation) only at a window's end or in a replay.
                Tensor row = MetricsWindow.row(terms, model.domainOutput(), config.domainLabels, perDomain);
                double[] sums = windowEnd || window.strict(step) ? window.read(row) : null;
                if (sums != null && !Double.isFinite(sums[0])) {
                    throw window.diverged(step, sums[0]);
                }
                terms.total().backward();
                optimizer.step();
                metrics = window.add(step, row, decisions, sums, windowEnd, lambda, learningRate, perDomainCount());
            } else {
                double loss = terms.total().item_double();
                terms.total().backward();
                // loss, label loss, domain loss, correct domain outputs, domain outputs: this rank's, then all ranks'
                double[] m = {loss, terms.labelLoss().item_double(), Double.NaN, 0, 0};
                if (!config.sourceOnly) {
                    m[2] = terms.domainLoss().item_double();
                    m[3] = DannObjective.correctDomainPredictions(terms, model.domainOutput(), config.domainLabels)
                            .item_long();
                    m[4] = decisions;
                }
                m = parallel.averageGradients(model, m, step); // throws TrainingDivergedException on every rank alike
                optimizer.step();
                metrics = new StepMetrics(step, m[0], m[1], m[2], config.sourceOnly ? Double.NaN : m[3] / m[4],
                        lambda, learningRate);
            }
        }
        step++;
        return metrics;
    }

    /** The next batch of every source and of the target (none when source-only), in this step's scope. */
    private StepBatches nextBatches() {
        List<Tensor> sourceX = new ArrayList<>(sources.size());
        List<Tensor> sourceY = new ArrayList<>(sources.size());
        for (int k = 0; k < sources.size(); k++) {
            long[] indices = sourceSamplers.get(k).next(config.sourceBatchSize(k));
            sourceX.add(sources.get(k).featureBatch(indices, device, dtype));
            sourceY.add(sources.get(k).labelBatch(indices, device, dtype)); // regression targets in the training dtype
        }
        Tensor targetX = config.sourceOnly ? null
                : target.featureBatch(targetSampler.next(config.targetBatchSize), device, dtype);
        return new StepBatches(sourceX, sourceY, targetX);
    }

    /** The number of sources whose own metrics a step reports: 0 with one source (nothing to add). */
    private int perDomainCount() {
        return sources.size() == 1 ? 0 : sources.size();
    }

    /**
     * Runs the remaining steps, passing the metrics to {@code listener} (may be null) each time
     * they are read: every {@link #metricsEvery()} steps and at the last step. Each
     * {@link StepMetrics} then holds the means over the steps since the previous one (its
     * {@code step} the last of them; domain accuracy over all their domain outputs; λ and the
     * learning rate of that last step). A listener may save a checkpoint.
     *
     * @throws TrainingDivergedException naming the first step whose loss is not finite; the
     *         trainer is then at that step with the state after the step before it (see above)
     */
    public void run(Consumer<StepMetrics> listener) {
        user.run(this::requireOpen, () -> {
            runAlone(config.steps, listener);
            return null;
        });
    }

    /**
     * Runs the next {@code steps} steps (fewer if the run ends first), as {@link #run(Consumer)}
     * does; the metrics are also read after the last of them, so {@code listener} has seen every
     * step run when this returns. A training loop that checkpoints every K steps calls this with K.
     *
     * @throws IllegalArgumentException if {@code steps} is below 1
     */
    public void run(long steps, Consumer<StepMetrics> listener) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        user.run(this::requireOpen, () -> {
            runAlone(step + Math.min(steps, config.steps - step), listener);
            return null;
        });
    }

    /** How often the metrics are read to the host: every this many steps (see {@link TrainingConfig.Builder#metricsEvery}). */
    public int metricsEvery() {
        return window.every();
    }

    private void setLearningRate(double learningRate) {
        OptimizerParamGroupVector groups = optimizer.param_groups();
        for (long i = 0; i < groups.size(); i++) {
            groups.get(i).options().set_lr(learningRate);
        }
    }

    /** Steps done so far (the index of the next step). */
    public long currentStep() {
        return step;
    }

    public long totalSteps() {
        return config.steps;
    }

    public DannModel model() {
        return model;
    }

    /**
     * The device the model and batches are on, as bytedeco's {@link Device} to pass to libtorch
     * and {@link Evaluation}; for printing use {@link #deviceName()} (a {@code Device}'s
     * {@code toString()} is only its native address).
     */
    public Device device() {
        return device;
    }

    /** The device the model and batches are on, readable: {@code "cpu"}, {@code "cuda:0"}, {@code "cuda:1"}. */
    public String deviceName() {
        return deviceName;
    }

    /**
     * Writes model, optimizer state, step, batch positions and RNG state to {@code file},
     * atomically; in a data-parallel run only rank 0 writes (the other ranks return at once).
     */
    public void saveCheckpoint(Path file) {
        user.run(this::requireOpen, () -> {
            if (isPrimary()) {
                Checkpoints.save(file, this);
            }
            return null;
        });
    }

    /**
     * Restores a checkpoint written by {@link #saveCheckpoint}: training then continues exactly as
     * the run that wrote it would have. In a data-parallel run every rank reads the file (rank 0's
     * checkpoint, on a file system they share), checks that all are at the same step, and takes
     * rank 0's weights.
     *
     * @throws IllegalArgumentException if the file is missing, unreadable, unsafe, or from another
     *         configuration or architecture; the trainer is then left exactly as it was
     */
    public void restoreCheckpoint(Path file) {
        user.run(this::requireOpen, () -> {
            Checkpoints.restoreOrKeep(file, this);
            window.clear(); // an open window's steps belong to the state just replaced
            if (parallel != null) {
                parallel.requireSameStep(step);
                parallel.broadcastState(model);
            }
            return null;
        });
    }

    /** This process's rank (0 in a run in one process). */
    public int rank() {
        return parallel == null ? 0 : parallel.group().rank();
    }

    /** The number of processes training together (1 in a run in one process). */
    public int worldSize() {
        return parallel == null ? 1 : parallel.group().worldSize();
    }

    /** Whether this process writes the run's files: rank 0, or the only process. */
    public boolean isPrimary() {
        return rank() == 0;
    }

    /** Bytes each step's gradient allreduce sends in (its one bucket: gradients and metrics); 0 in one process. */
    public long allreduceBytesPerStep() {
        return parallel == null ? 0 : parallel.lastBytes();
    }

    /** Seconds spent so far in the gradient allreduces (waiting for the slowest rank included); 0 in one process. */
    public double allreduceSeconds() {
        return parallel == null ? 0 : parallel.allreduceSeconds();
    }

    /** The number of labelled source domains. */
    public int sourceCount() {
        return sources.size();
    }

    /**
     * The configuration's signature plus the world size and, with several sources, their number
     * and batch sizes: what a checkpoint must match.
     */
    String signature() {
        StringBuilder s = new StringBuilder(config.signature());
        if (sources.size() > 1) {
            s.append(" sources=").append(sources.size()).append(" sourceBatches=");
            for (int k = 0; k < sources.size(); k++) {
                s.append(k == 0 ? "" : ",").append(config.sourceBatchSize(k));
            }
        }
        return s.append(worldSize() == 1 ? "" : " world=" + worldSize()).toString();
    }

    Optimizer optimizer() {
        return optimizer;
    }

    TrainingConfig config() {
        return config;
    }

    BatchSampler sourceSampler(int k) {
        return sourceSamplers.get(k);
    }

    BatchSampler targetSampler() {
        return targetSampler;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** Frees the optimizer and the samplers; refused while another thread is using the trainer. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        user.run(this::requireOpen, () -> {
            closed = true;
            window.close();
            optimizer.close();
            sourceSamplers.forEach(BatchSampler::close);
            if (targetSampler != null) {
                targetSampler.close();
            }
            if (parallel != null) {
                parallel.close();
            }
            freeDeviceCopies();
            return null;
        });
    }
}
