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
 * <p>Each step runs inside its own PointerScope: every tensor it makes is freed when it returns.
 * The trainer owns the optimizer, and the process group it joined for
 * {@link TrainingConfig.Builder#distributed}; the caller owns the model, the datasets and a group
 * it passed in.
 */
public final class DannTrainer implements AutoCloseable {
    private final DannModel model;
    private final java.util.List<TensorDataset> sources;
    private final TensorDataset target;
    private final TrainingConfig config;
    private final Device device;
    private final String deviceName;
    private final ScalarType dtype;
    private final Optimizer optimizer;
    private final java.util.List<BatchSampler> sourceSamplers;
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
    public DannTrainer(DannModel model, java.util.List<TensorDataset> sources, TensorDataset target,
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
    public DannTrainer(DannModel model, java.util.List<TensorDataset> sources, TensorDataset target,
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
        this.sources = java.util.List.copyOf(sources);
        this.target = target;
        this.config = config;
        this.objective = AdversarialObjective.of(config);
        this.device = Devices.parse(config.device);
        this.dtype = config.dtype;
        model.to(device, dtype);
        this.deviceName = Devices.name(device, model);
        model.train(true);
        this.parallel = DataParallel.join(group, config.distributed, model);
        java.util.List<BatchSampler> samplers = new java.util.ArrayList<>(count);
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
        } catch (RuntimeException e) {
            samplers.forEach(BatchSampler::close);
            if (parallel != null) {
                parallel.close();
            }
            throw e;
        }
        this.sourceSamplers = java.util.List.copyOf(samplers);
    }

    /** The batch-order seed of source {@code k}: the seed for source 0 (as with one source), seed + 1 + k after. */
    static long sourceSeed(long seed, int k) {
        return k == 0 ? seed : seed + 1 + k;
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
            StepBatches batches = nextBatches();

            optimizer.zero_grad();
            ObjectiveTerms terms = objective.compute(model, batches);
            // Several sources: each domain's metrics, one tensor read with the others below.
            Tensor perDomain = sources.size() == 1 ? null
                    : DomainMetrics.measure(terms, batches, config.labelLoss, model.domainOutput(), config.domainLabels);
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
            DomainMetrics domains = perDomain == null ? DomainMetrics.NONE : DomainMetrics.read(perDomain, sources.size());
            if (parallel != null) {
                m = parallel.averageGradients(model, m, step);
            }
            optimizer.step();
            metrics = new StepMetrics(step, m[0], m[1], m[2], config.sourceOnly ? Double.NaN : m[3] / m[4],
                    lambda, learningRate, domains);
        }
        step++;
        return metrics;
    }

    /** The next batch of every source and of the target (none when source-only), in this step's scope. */
    private StepBatches nextBatches() {
        java.util.List<Tensor> sourceX = new java.util.ArrayList<>(sources.size());
        java.util.List<Tensor> sourceY = new java.util.ArrayList<>(sources.size());
        for (int k = 0; k < sources.size(); k++) {
            long[] indices = sourceSamplers.get(k).next(config.sourceBatchSize(k));
            sourceX.add(sources.get(k).featureBatch(indices, device, dtype));
            sourceY.add(sources.get(k).labelBatch(indices, device, dtype)); // regression targets in the training dtype
        }
        Tensor targetX = config.sourceOnly ? null
                : target.featureBatch(targetSampler.next(config.targetBatchSize), device, dtype);
        return new StepBatches(sourceX, sourceY, targetX);
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

    /** Source k's sampler. */
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
            optimizer.close();
            sourceSamplers.forEach(BatchSampler::close);
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
