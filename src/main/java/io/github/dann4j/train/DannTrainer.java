package io.github.dann4j.train;

import io.github.dann4j.distributed.ProcessGroup;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import java.nio.file.Path;
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
 * <p>Each step runs inside its own PointerScope: every tensor it makes is freed when it returns.
 * The trainer owns the optimizer, and the process group it joined for
 * {@link TrainingConfig.Builder#distributed}; the caller owns the model, the datasets and a group
 * it passed in.
 */
public final class DannTrainer implements AutoCloseable {
    private final DannModel model;
    private final TensorDataset source;
    private final TensorDataset target;
    private final TrainingConfig config;
    private final Device device;
    private final String deviceName;
    private final ScalarType dtype;
    private final Optimizer optimizer;
    private final BatchSampler sourceSampler;
    private final BatchSampler targetSampler;
    private final DataParallel parallel;
    private final Objective objective;
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
        this.source = source;
        this.target = target;
        this.config = config;
        this.objective = AdversarialObjective.of(config);
        this.device = Devices.parse(config.device);
        this.dtype = config.dtype;
        model.to(device, dtype);
        this.deviceName = Devices.name(device, model);
        model.train(true);
        this.parallel = DataParallel.join(group, config.distributed, model);
        try {
            int rank = rank();
            int world = worldSize();
            this.optimizer = config.optimizer.create(model.module().parameters(), config.learningRateSchedule.at(0));
            this.sourceSampler = shard(BatchSampler.create(config.sampling, (int) source.size(), config.shuffle,
                    config.seed), rank, world);
            this.targetSampler = target == null ? null : shard(BatchSampler.create(config.sampling, (int) target.size(),
                    config.shuffle, config.seed + 1), rank, world);
        } catch (RuntimeException e) {
            if (parallel != null) {
                parallel.close();
            }
            throw e;
        }
    }

    private static BatchSampler shard(BatchSampler global, int rank, int worldSize) {
        return worldSize == 1 ? global : new ShardedSampler(global, rank, worldSize);
    }

    /**
     * Runs one step and returns its metrics.
     *
     * @throws IllegalStateException if all steps are done, the trainer is closed, or another
     *         thread is using it
     */
    public StepMetrics step() {
        return user.run(this::requireOpen, this::stepAlone);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this DannTrainer is closed");
        }
    }

    private StepMetrics stepAlone() {
        requireOpen();
        if (step >= config.steps) {
            throw new IllegalStateException("all " + config.steps + " steps are done");
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
            Tensor sourceY = source.labelBatch(sourceIndices, device, dtype); // regression targets in the training dtype
            Tensor targetX = config.sourceOnly ? null
                    : target.featureBatch(targetSampler.next(config.targetBatchSize), device, dtype);

            optimizer.zero_grad();
            ObjectiveTerms terms = objective.compute(model, StepBatches.of(sourceX, sourceY, targetX));
            double loss = terms.total().item_double();
            if (parallel == null && !Double.isFinite(loss)) {
                throw new TrainingDivergedException(step, loss);
            }
            terms.total().backward();
            // loss, label loss, domain loss, correct domain outputs, domain outputs: this rank's, then all ranks'
            double[] m = {loss, terms.labelLoss().item_double(), Double.NaN, 0, 0};
            if (!config.sourceOnly) {
                m[2] = terms.domainLoss().item_double();
                m[3] = DannObjective.correctDomainPredictions(terms, model.domainOutput(), config.domainLabels).item_long();
                m[4] = DannObjective.domainDecisions(terms, config.domainLabels);
            }
            if (parallel != null) {
                m = parallel.averageGradients(model, m, step);
            }
            optimizer.step();
            metrics = new StepMetrics(step, m[0], m[1], m[2], config.sourceOnly ? Double.NaN : m[3] / m[4],
                    lambda, learningRate);
        }
        step++;
        return metrics;
    }

    /** Runs the remaining steps, passing each step's metrics to {@code listener} (may be null). */
    public void run(java.util.function.Consumer<StepMetrics> listener) {
        user.run(this::requireOpen, () -> {
            while (step < config.steps) {
                StepMetrics metrics = stepAlone();
                if (listener != null) {
                    listener.accept(metrics);
                }
            }
            return null;
        });
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
            optimizer.close();
            sourceSampler.close();
            if (targetSampler != null) {
                targetSampler.close();
            }
            if (parallel != null) {
                parallel.close();
            }
            return null;
        });
    }
}
