package io.github.dann4j.train;

import io.github.dann4j.distributed.ProcessGroup;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerParamGroupVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Trains a {@link DannModel} on a labelled source and an unlabelled target dataset: each step
 * takes the next batch of each (two independent {@link BatchSampler} streams, drawn as
 * {@link SamplingMode} says, the source's seeded with the seed and the target's with seed + 1),
 * sets λ and the learning rate from their schedules, computes {@link DannObjective}, and takes
 * one optimizer step.
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
    private final TensorDataset source; // the caller's, or a copy on the device that the trainer owns
    private final TensorDataset target;
    private final TensorDataset callerSource;
    private final TensorDataset callerTarget;
    private final TrainingConfig config;
    private final Device device;
    private final String deviceName;
    private final ScalarType dtype;
    private final Optimizer optimizer;
    private final BatchSampler sourceSampler;
    private final BatchSampler targetSampler;
    private final DataParallel parallel;
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
     * A data-parallel trainer on {@code group} (owned by the caller; null: the group of
     * {@code config.distributed()}, joined here and owned by the trainer, or one process when that
     * is null too). Every rank must create its trainer alike: same model seed, data and config.
     *
     * @throws io.github.dann4j.distributed.DistributedException if joining the group or the first
     *         broadcast fails (one line, within the configured timeouts)
     */
    public DannTrainer(DannModel model, TensorDataset source, TensorDataset target, TrainingConfig config,
            ProcessGroup group) {
        TrainerInputs.check(model, source, target, config);
        model.requireInputShape(source.sampleShape(), "the source data");
        Threads.applyTrainingDefault(model.multiplyAddsPerSample()
                * (config.sourceBatchSize + (config.sourceOnly ? 0 : config.targetBatchSize)));
        this.model = model;
        this.callerSource = source;
        this.callerTarget = target;
        this.config = config;
        this.device = Devices.parse(config.device);
        this.dtype = config.dtype;
        model.to(device, dtype);
        this.deviceName = Devices.name(device, model);
        model.train(true);
        this.source = DeviceData.place(source, device, config.deviceDataBytes, "source");
        this.target = DeviceData.place(target, device, config.deviceDataBytes, "target");
        this.parallel = joinOrFreeCopies(group, config.distributed, model);
        try {
            int rank = rank();
            int world = worldSize();
            this.optimizer = config.optimizer.create(model.module().parameters(), config.learningRateSchedule.at(0));
            this.sourceSampler = shard(BatchSampler.create(config.sampling, (int) source.size(), config.shuffle,
                    config.seed), rank, world);
            this.targetSampler = target == null ? null : shard(BatchSampler.create(config.sampling, (int) target.size(),
                    config.shuffle, config.seed + 1), rank, world);
            this.window = new MetricsWindow(parallel != null ? 1
                    : config.metricsEvery > 0 ? config.metricsEvery
                    : device.is_cuda() ? DEFAULT_CUDA_METRICS_EVERY : 1, device.is_cpu());
        } catch (RuntimeException e) {
            if (parallel != null) {
                parallel.close();
            }
            freeDeviceCopies();
            throw e;
        }
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
        if (source != callerSource) {
            source.close();
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
            long[] sourceIndices = sourceSampler.next(config.sourceBatchSize);
            Tensor sourceX = source.featureBatch(sourceIndices, device, dtype);
            Tensor sourceY = source.labelBatch(sourceIndices, device);
            Tensor targetX = config.sourceOnly ? null
                    : target.featureBatch(targetSampler.next(config.targetBatchSize), device, dtype);

            optimizer.zero_grad();
            DannObjective.Terms terms = DannObjective.compute(model, sourceX, sourceY, targetX, config.sourceOnly,
                    config.domainLoss);
            if (parallel == null && window.alone(step, windowEnd)) {
                // a window of this step alone on the CPU: its values read one by one, which costs nothing there
                double[] values = MetricsWindow.values(terms, model.domainOutput());
                if (!Double.isFinite(values[0])) {
                    throw new TrainingDivergedException(step, values[0]);
                }
                terms.total().backward();
                optimizer.step();
                long outputs = config.sourceOnly ? 0 : terms.domainSource().numel() + terms.domainTarget().numel();
                metrics = window.add(step, null, outputs, values, true, lambda, learningRate);
            } else if (parallel == null) {
                // The metrics stay on the device; read (one synchronisation) only at a window's end or in a replay.
                Tensor row = MetricsWindow.row(terms, model.domainOutput());
                double[] sums = windowEnd || window.strict(step) ? window.read(row) : null;
                if (sums != null && !Double.isFinite(sums[0])) {
                    throw window.diverged(step, sums[0]);
                }
                terms.total().backward();
                optimizer.step();
                long outputs = config.sourceOnly ? 0 : terms.domainSource().numel() + terms.domainTarget().numel();
                metrics = window.add(step, row, outputs, sums, windowEnd, lambda, learningRate);
            } else {
                double loss = terms.total().item_double();
                terms.total().backward();
                // loss, label loss, domain loss, correct domain outputs, domain outputs: this rank's, then all ranks'
                double[] m = {loss, terms.labelLoss().item_double(), Double.NaN, 0, 0};
                if (!config.sourceOnly) {
                    m[2] = terms.domainLoss().item_double();
                    m[3] = DannObjective.correctDomainPredictions(terms, model.domainOutput());
                    m[4] = terms.domainSource().numel() + terms.domainTarget().numel();
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

    /** The configuration's signature plus the world size: what a checkpoint must match. */
    String signature() {
        return config.signature() + (worldSize() == 1 ? "" : " world=" + worldSize());
    }

    Optimizer optimizer() {
        return optimizer;
    }

    TrainingConfig config() {
        return config;
    }

    BatchSampler sourceSampler() {
        return sourceSampler;
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
            sourceSampler.close();
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
