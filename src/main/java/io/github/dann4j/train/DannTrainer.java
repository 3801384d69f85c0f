package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.runtime.Threads;
import java.nio.file.Path;
import java.util.Arrays;
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
 * <p>Each step runs inside its own PointerScope: every tensor it makes is freed when it returns.
 * The trainer owns the optimizer; the caller owns the model and datasets.
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
    private long step;
    private final java.util.concurrent.atomic.AtomicReference<Thread> user = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean closed;

    /**
     * Also applies dann4j's training thread policy ({@link Threads#applyTrainingDefault}) unless
     * the caller chose a thread count.
     *
     * @param target unlabelled target data; may be null only for a source-only run
     * @throws IllegalArgumentException if the data does not fit the model or each other
     */
    public DannTrainer(DannModel model, TensorDataset source, TensorDataset target, TrainingConfig config) {
        if (model == null || source == null || config == null) {
            throw new IllegalArgumentException("model, source data and config are required");
        }
        if (!source.isLabelled()) {
            throw new IllegalArgumentException("the source dataset needs labels");
        }
        long[] range = source.labelRange();
        if (range[0] < 0 || range[1] >= model.classes()) {
            throw new IllegalArgumentException("source labels range over [" + range[0] + ", " + range[1]
                    + "] but the model has " + model.classes() + " classes (labels 0.." + (model.classes() - 1) + ")");
        }
        if (target == null && !config.sourceOnly) {
            throw new IllegalArgumentException("target data is required unless the run is source-only");
        }
        if (target != null && !Arrays.equals(source.sampleShape(), target.sampleShape())) {
            throw new IllegalArgumentException("source samples have shape " + Arrays.toString(source.sampleShape())
                    + " but target samples have shape " + Arrays.toString(target.sampleShape()));
        }
        model.requireInputShape(source.sampleShape(), "the source data");
        Threads.applyTrainingDefault(model.multiplyAddsPerSample()
                * (config.sourceBatchSize + (config.sourceOnly ? 0 : config.targetBatchSize)));
        this.model = model;
        this.source = source;
        this.target = target;
        this.config = config;
        this.device = Devices.parse(config.device);
        this.dtype = config.dtype;
        model.to(device, dtype);
        this.deviceName = Devices.name(device, model);
        model.train(true);
        this.optimizer = config.optimizer.create(model.module().parameters(), config.learningRateSchedule.at(0));
        this.sourceSampler = BatchSampler.create(config.sampling, (int) source.size(), config.shuffle, config.seed);
        this.targetSampler = target == null ? null
                : BatchSampler.create(config.sampling, (int) target.size(), config.shuffle, config.seed + 1);
    }

    /**
     * Runs one step and returns its metrics.
     *
     * @throws IllegalStateException if all steps are done, the trainer is closed, or another
     *         thread is using it
     */
    public StepMetrics step() {
        return exclusively(this::stepAlone);
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
            Tensor sourceY = source.labelBatch(sourceIndices, device);
            Tensor targetX = config.sourceOnly ? null
                    : target.featureBatch(targetSampler.next(config.targetBatchSize), device, dtype);

            optimizer.zero_grad();
            DannObjective.Terms terms = DannObjective.compute(model, sourceX, sourceY, targetX, config.sourceOnly,
                    config.domainLoss);
            double loss = terms.total().item_double();
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(step, loss);
            }
            terms.total().backward();
            optimizer.step();

            double domainLoss = Double.NaN;
            double domainAccuracy = Double.NaN;
            if (!config.sourceOnly) {
                domainLoss = terms.domainLoss().item_double();
                long outputs = terms.domainSource().numel() + terms.domainTarget().numel();
                domainAccuracy = (double) DannObjective.correctDomainPredictions(terms, model.domainOutput()) / outputs;
            }
            metrics = new StepMetrics(step, loss, terms.labelLoss().item_double(), domainLoss, domainAccuracy,
                    lambda, learningRate);
        }
        step++;
        return metrics;
    }

    /** Runs the remaining steps, passing each step's metrics to {@code listener} (may be null). */
    public void run(java.util.function.Consumer<StepMetrics> listener) {
        exclusively(() -> {
            while (step < config.steps) {
                StepMetrics metrics = stepAlone();
                if (listener != null) {
                    listener.accept(metrics);
                }
            }
            return null;
        });
    }

    /**
     * Runs {@code body} as the trainer's only user: libtorch's modules and optimizers are not
     * thread-safe, and two threads stepping one trainer crashed the JVM. The thread already using
     * it may re-enter (a listener that saves a checkpoint); any other thread is refused.
     */
    private <T> T exclusively(java.util.function.Supplier<T> body) {
        Thread me = Thread.currentThread();
        if (user.get() == me) {
            requireOpen(); // a listener may have closed it
            return body.get();
        }
        if (!user.compareAndSet(null, me)) {
            Thread other = user.get();
            throw new IllegalStateException("this DannTrainer is in use by thread '" + (other == null ? "?" : other.getName())
                    + "'; a trainer serves one thread at a time");
        }
        try {
            requireOpen();
            return body.get();
        } finally {
            user.set(null);
        }
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

    /** Writes model, optimizer state, step, batch positions and RNG state to {@code file}, atomically. */
    public void saveCheckpoint(Path file) {
        exclusively(() -> {
            Checkpoints.save(file, this);
            return null;
        });
    }

    /**
     * Restores a checkpoint written by {@link #saveCheckpoint}: training then continues exactly as
     * the run that wrote it would have.
     *
     * @throws IllegalArgumentException if the file is missing, unreadable, unsafe, or from another
     *         configuration or architecture; the trainer is then left exactly as it was
     */
    public void restoreCheckpoint(Path file) {
        exclusively(() -> {
            Checkpoints.restoreOrKeep(file, this);
            return null;
        });
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
        exclusively(() -> {
            closed = true;
            optimizer.close();
            sourceSampler.close();
            if (targetSampler != null) {
                targetSampler.close();
            }
            return null;
        });
    }
}
