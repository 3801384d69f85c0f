package io.github.dann4j.train;

import io.github.dann4j.distributed.DistributedConfig;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Settings of a DANN training run. Defaults follow the paper where it is specific: SGD with
 * momentum 0.9, μ_p = 0.01/(1+10p)^0.75, λ_p = 2/(1+exp(-10p)) - 1.
 */
public final class TrainingConfig {
    final long steps;
    final int sourceBatchSize;
    final int targetBatchSize;
    final boolean shuffle;
    final SamplingMode sampling;
    final long seed;
    final LambdaSchedule lambdaSchedule;
    final LearningRateSchedule learningRateSchedule;
    final OptimizerSpec optimizer;
    final boolean sourceOnly;
    final DomainLossReduction domainLoss;
    final String device;
    final ScalarType dtype;
    final DistributedConfig distributed;
    final Method method;
    final LabelLoss labelLoss;
    final DomainLabels domainLabels;
    /** One batch size per source domain, or null: every source takes {@link #sourceBatchSize}. */
    final int[] sourceBatchSizes;

    private TrainingConfig(Builder b) {
        this.steps = b.steps;
        this.sourceBatchSize = b.sourceBatchSize;
        this.targetBatchSize = b.targetBatchSize;
        this.shuffle = b.shuffle;
        this.sampling = b.sampling;
        this.seed = b.seed;
        this.lambdaSchedule = b.lambdaSchedule;
        this.learningRateSchedule = b.learningRateSchedule;
        this.optimizer = b.optimizer;
        this.sourceOnly = b.sourceOnly;
        this.domainLoss = b.domainLoss;
        this.device = b.device;
        this.dtype = b.dtype;
        this.distributed = b.distributed;
        this.method = b.method;
        this.labelLoss = b.labelLoss;
        this.domainLabels = b.domainLabels;
        this.sourceBatchSizes = b.sourceBatchSizes == null ? null : b.sourceBatchSizes.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings (to derive a variant, e.g. another device). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.steps = steps;
        b.sourceBatchSize = sourceBatchSize;
        b.targetBatchSize = targetBatchSize;
        b.shuffle = shuffle;
        b.sampling = sampling;
        b.seed = seed;
        b.lambdaSchedule = lambdaSchedule;
        b.learningRateSchedule = learningRateSchedule;
        b.optimizer = optimizer;
        b.sourceOnly = sourceOnly;
        b.domainLoss = domainLoss;
        b.device = device;
        b.dtype = dtype;
        b.distributed = distributed;
        b.method = method;
        b.labelLoss = labelLoss;
        b.domainLabels = domainLabels;
        b.sourceBatchSizes = sourceBatchSizes == null ? null : sourceBatchSizes.clone();
        return b;
    }

    public long steps() {
        return steps;
    }

    public LambdaSchedule lambdaSchedule() {
        return lambdaSchedule;
    }

    public LearningRateSchedule learningRateSchedule() {
        return learningRateSchedule;
    }

    public boolean sourceOnly() {
        return sourceOnly;
    }

    /** The seed of the batch order. */
    public long seed() {
        return seed;
    }

    public int sourceBatchSize() {
        return sourceBatchSize;
    }

    /**
     * The batch size of source {@code k} (0-based, in the order the trainer is given the sources):
     * the k-th of {@link Builder#sourceBatchSizes}, or {@link #sourceBatchSize()} for every source
     * when they were not given.
     */
    public int sourceBatchSize(int k) {
        return sourceBatchSizes == null ? sourceBatchSize : sourceBatchSizes[k];
    }

    /** How many per-source batch sizes were given ({@link Builder#sourceBatchSizes}); 0: one size for all. */
    public int sourceBatchSizeCount() {
        return sourceBatchSizes == null ? 0 : sourceBatchSizes.length;
    }

    public int targetBatchSize() {
        return targetBatchSize;
    }

    public OptimizerSpec optimizer() {
        return optimizer;
    }

    public String device() {
        return device;
    }

    public ScalarType dtype() {
        return dtype;
    }

    public DomainLossReduction domainLoss() {
        return domainLoss;
    }

    public SamplingMode sampling() {
        return sampling;
    }

    /** The data-parallel setting, or null for a run in one process. */
    public DistributedConfig distributed() {
        return distributed;
    }

    /** The adversarial method: DANN (default), CDAN or CDAN+E. */
    public Method method() {
        return method;
    }

    /** The label predictor's loss (cross-entropy by default). */
    public LabelLoss labelLoss() {
        return labelLoss;
    }

    /** What the domain classifier tells apart when there are several sources (merged by default). */
    public DomainLabels domainLabels() {
        return domainLabels;
    }

    /** What must agree between a checkpoint and the run resuming it. */
    String signature() {
        return "steps=" + steps + " batches=" + sourceBatchSize + "+" + targetBatchSize + " shuffle=" + shuffle
                + " seed=" + seed + " lambda=" + lambdaSchedule.spec() + " lr=" + learningRateSchedule.spec()
                + " optimizer=" + optimizer.spec() + " sourceOnly=" + sourceOnly + " dtype=" + dtype.intern()
                + (domainLoss == DomainLossReduction.SUM ? "" : " domainLoss=" + domainLoss.signatureName())
                + (sampling == SamplingMode.PASSES ? "" : " sampling=" + sampling)
                + (method == Method.DANN ? "" : " method=" + method.cliName())
                + (labelLoss == LabelLoss.CROSS_ENTROPY ? "" : " labelLoss=" + labelLoss.name().toLowerCase(java.util.Locale.ROOT))
                + (domainLabels == DomainLabels.MERGED ? "" : " domainLabels=" + domainLabels.cliName());
    }

    public static final class Builder {
        private long steps = 1000;
        private int sourceBatchSize = 32;
        private int targetBatchSize = 32;
        private boolean shuffle = true;
        private SamplingMode sampling = SamplingMode.PASSES;
        private long seed = 0;
        private LambdaSchedule lambdaSchedule = LambdaSchedule.paper();
        private LearningRateSchedule learningRateSchedule = LearningRateSchedule.paper();
        private OptimizerSpec optimizer = OptimizerSpec.sgdMomentum(0.9);
        private boolean sourceOnly = false;
        private DomainLossReduction domainLoss = DomainLossReduction.SUM;
        private String device = "cpu";
        private ScalarType dtype = ScalarType.Float;
        private DistributedConfig distributed;
        private Method method = Method.DANN;
        private LabelLoss labelLoss = LabelLoss.CROSS_ENTROPY;
        private DomainLabels domainLabels = DomainLabels.MERGED;
        private int[] sourceBatchSizes;

        private Builder() {}

        /** Total number of steps; progress p = step / steps. */
        public Builder steps(long steps) {
            if (steps <= 0) {
                throw new IllegalArgumentException("steps must be positive, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        public Builder batchSizes(int source, int target) {
            if (source <= 0 || target <= 0) {
                throw new IllegalArgumentException("batch sizes must be positive, got " + source + " and " + target);
            }
            this.sourceBatchSize = source;
            this.targetBatchSize = target;
            this.sourceBatchSizes = null;
            return this;
        }

        /**
         * One batch size per source domain, in the order the sources are given to the trainer
         * (which checks that there are as many sizes as sources); replaces the source size of
         * {@link #batchSizes}, whose target size stays. Without this call every source takes the
         * source size of {@link #batchSizes}; a later {@link #batchSizes} call undoes it.
         */
        public Builder sourceBatchSizes(int... sizes) {
            if (sizes == null || sizes.length == 0) {
                throw new IllegalArgumentException("give at least one source batch size");
            }
            for (int size : sizes) {
                if (size <= 0) {
                    throw new IllegalArgumentException("batch sizes must be positive, got " + java.util.Arrays.toString(sizes));
                }
            }
            this.sourceBatchSizes = sizes.clone();
            this.sourceBatchSize = sizes[0];
            return this;
        }

        /** Shuffle each pass over the data (seeded), or walk it in order. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * How batches are drawn: {@link SamplingMode#PASSES} (default; shuffled passes, or in order
         * with {@code shuffle(false)}) or {@link SamplingMode#REPLACEMENT} (uniform draws with
         * replacement, PyTorch's {@code randint}; needs shuffling on).
         */
        public Builder sampling(SamplingMode sampling) {
            this.sampling = java.util.Objects.requireNonNull(sampling, "sampling");
            return this;
        }

        /** Seeds the batch order (weights are seeded by torch.manual_seed before building the model). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder lambda(LambdaSchedule schedule) {
            this.lambdaSchedule = java.util.Objects.requireNonNull(schedule, "lambda schedule");
            return this;
        }

        public Builder learningRate(LearningRateSchedule schedule) {
            this.learningRateSchedule = java.util.Objects.requireNonNull(schedule, "learning-rate schedule");
            return this;
        }

        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** The baseline: train on the label loss only, the domain branch off. */
        public Builder sourceOnly(boolean sourceOnly) {
            this.sourceOnly = sourceOnly;
            return this;
        }

        /**
         * How the two domains' losses combine: {@link DomainLossReduction#SUM} (default), or
         * {@link DomainLossReduction#MEAN}, one loss averaged over the concatenated batch.
         */
        public Builder domainLoss(DomainLossReduction domainLoss) {
            this.domainLoss = java.util.Objects.requireNonNull(domainLoss, "domainLoss");
            return this;
        }

        /**
         * The adversarial method ({@link Method#DANN}, the default). CDAN and CDAN+E need a model
         * built with a conditioning map ({@code DannModel.Builder.conditioning}); the trainer checks.
         */
        public Builder method(Method method) {
            this.method = java.util.Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * The label predictor's loss ({@link LabelLoss#CROSS_ENTROPY}, the default); a regression
         * model ({@code nn.Task.REGRESSION}) trains with {@link LabelLoss#MSE} or {@link LabelLoss#L1}
         * (the trainer refuses a loss of the other task).
         */
        public Builder labelLoss(LabelLoss labelLoss) {
            this.labelLoss = java.util.Objects.requireNonNull(labelLoss, "labelLoss");
            return this;
        }

        /**
         * With several sources: one binary source-or-target output ({@link DomainLabels#MERGED},
         * the default) or K + 1 domain logits ({@link DomainLabels#PER_DOMAIN}).
         */
        public Builder domainLabels(DomainLabels domainLabels) {
            this.domainLabels = java.util.Objects.requireNonNull(domainLabels, "domainLabels");
            return this;
        }

        /** {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}. */
        public Builder device(String device) {
            this.device = java.util.Objects.requireNonNull(device, "device");
            return this;
        }

        /** Float (default) or Double. */
        public Builder dtype(ScalarType dtype) {
            ScalarType d = java.util.Objects.requireNonNull(dtype, "dtype").intern();
            if (d != ScalarType.Float && d != ScalarType.Double) {
                throw new IllegalArgumentException("dtype must be Float or Double, got " + d);
            }
            this.dtype = d;
            return this;
        }

        /**
         * Trains data-parallel as rank {@code distributed.rank()} of {@code distributed.worldSize()}
         * processes (null, the default: one process). The batch sizes are then per rank: W ranks
         * with batch b take the steps one process with batch W·b would. The trainer joins the
         * group when it is created (see {@link DannTrainer}); {@link DistributedConfig#fromEnvironment}
         * reads torchrun's variables.
         */
        public Builder distributed(DistributedConfig distributed) {
            this.distributed = distributed;
            return this;
        }

        /** @throws IllegalArgumentException for sampling with replacement and shuffle(false), which contradict */
        public TrainingConfig build() {
            if (sampling == SamplingMode.REPLACEMENT && !shuffle) {
                throw new IllegalArgumentException("sampling with replacement draws random batches; it cannot be combined"
                        + " with shuffle(false), which walks the data in order");
            }
            return new TrainingConfig(this);
        }
    }
}
