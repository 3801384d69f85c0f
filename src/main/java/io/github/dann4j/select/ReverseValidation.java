package io.github.dann4j.select;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.nn.Architecture;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainConditioning;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.DomainLossReduction;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.LambdaSchedule;
import io.github.dann4j.train.LearningRateSchedule;
import io.github.dann4j.train.Method;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import io.github.dann4j.train.TrainingDivergedException;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Reverse validation (Zhong et al., ECML PKDD 2010), the label-free selection Ganin et al. (JMLR
 * 2016, section 5.1.2) chose DANN's settings with. The candidate labels the target samples of a
 * {@link SelectionData} (arg-max of its logits; the true labels are never read). A reverse model
 * of the candidate's architecture is then trained from scratch on the candidate's preprocessed
 * inputs, with those pseudo-labelled target samples as its labelled source and the held-out
 * source's "train" half as its unlabelled target. The score is the reverse model's accuracy on the
 * held-out source's "validation" half. Higher is better: wrong pseudo-labels should teach a reverse
 * model that cannot label the source.
 *
 * <p>Two reverse learners: {@code reverse-dann}, the paper's (a DANN; reverse validation
 * prescribes the candidate's own λ and learning-rate schedules, {@link #withSchedules}, and
 * {@link #withMethod} the candidate's own method, e.g. CDAN), and
 * {@code reverse-source-only}, the label loss alone (one fixed learner for every candidate, so the
 * score depends on the pseudo-labels alone). Each score costs a training run of
 * {@link TrainingConfig#steps()} steps; a reverse run that diverges
 * ({@link TrainingDivergedException}) gives no score (NaN), which is never chosen.
 *
 * <p>Deterministic: the reverse model's weights come from libtorch's CPU generator seeded with the
 * configuration's seed, whose state is restored afterwards, so scoring during training does not
 * change the training. The reverse model runs on the candidate's device and dtype.
 */
public final class ReverseValidation extends NamedValidator {
    /** The default reverse run's length. */
    public static final long DEFAULT_STEPS = 1000;

    private final TrainingConfig config;

    private ReverseValidation(TrainingConfig config) {
        super(config.sourceOnly() ? "reverse-source-only" : "reverse-dann", Direction.HIGHER_IS_BETTER, true);
        this.config = config;
    }

    /**
     * A reverse validation whose reverse runs have these settings (their device and dtype are
     * replaced by the candidate's); {@link TrainingConfig#sourceOnly()} chooses the learner.
     */
    public static ReverseValidation of(TrainingConfig reverse) {
        return new ReverseValidation(java.util.Objects.requireNonNull(reverse, "reverse run settings"));
    }

    /**
     * The defaults: {@value #DEFAULT_STEPS} steps, batches of 64 + 64, SGD with momentum 0.9,
     * the paper's λ and learning-rate schedules, the domain loss averaged over both batches, seed 0.
     */
    public static TrainingConfig defaults(boolean sourceOnly) {
        return TrainingConfig.builder().steps(DEFAULT_STEPS).batchSizes(64, 64).seed(0)
                .lambda(LambdaSchedule.paper()).learningRate(LearningRateSchedule.paper())
                .domainLoss(DomainLossReduction.MEAN).sourceOnly(sourceOnly).build();
    }

    /** The same validation with the reverse DANN's λ and learning-rate schedules replaced (e.g. the candidate's own). */
    public ReverseValidation withSchedules(LambdaSchedule lambda, LearningRateSchedule learningRate) {
        return new ReverseValidation(config.toBuilder().lambda(lambda).learningRate(learningRate).build());
    }

    /**
     * The same validation with the reverse learner trained by {@code method} (e.g. the candidate's
     * own, CDAN or CDAN+E): a conditional method's reverse model takes the candidate's domain map
     * (or, for a candidate without one, {@link DomainConditioning#auto}'s); DANN's (the default)
     * takes the candidate's network with its domain classifier on the features.
     */
    public ReverseValidation withMethod(Method method) {
        return new ReverseValidation(config.toBuilder().method(method).build());
    }

    /**
     * The reverse model's architecture for a candidate's: the same network, its domain classifier
     * on what {@link TrainingConfig#method()} needs.
     */
    Architecture reverseArchitecture(Architecture candidate) {
        if (config.sourceOnly() || !config.method().conditional()) {
            return candidate.withConditioning(DomainConditioning.none());
        }
        if (candidate.conditioning().conditional()) {
            return candidate;
        }
        long features = candidate.kind() == Architecture.Kind.DIGITS
                ? io.github.dann4j.nn.DigitsNetwork.featureSize(candidate.sampleShape()[1])
                : candidate.featureSizes()[candidate.featureSizes().length - 1];
        return candidate.withConditioning(DomainConditioning.auto(features, candidate.classes()));
    }

    /** The reverse runs' settings. */
    public TrainingConfig config() {
        return config;
    }

    @Override
    public boolean needsModel() {
        return true;
    }

    /** @throws UnsupportedOperationException always: reverse validation trains, it needs the model and the data */
    @Override
    public double score(ModelOutputs outputs) {
        throw new UnsupportedOperationException(name() + " trains a reverse model: it needs the model and the data"
                + " (score(model, data, outputs))");
    }

    /**
     * @throws IllegalArgumentException without held-out source data, or for a model whose
     *     architecture dann4j cannot rebuild (a feature extractor of the caller's own)
     */
    @Override
    public double score(TrainedModel model, SelectionData data, ModelOutputs outputs) {
        outputs.requireSource(name());
        if (!data.hasSource()) {
            throw new IllegalArgumentException(name() + " needs labelled source data (SelectionData with a source; --source)");
        }
        Architecture architecture = model.description().architecture();
        if (architecture == null) {
            throw new IllegalArgumentException(name() + " rebuilds the candidate's architecture; this model's feature"
                    + " extractor is one of the caller's own (FeatureExtractor.of)");
        }
        int[] pseudo = Predictions.argmax(outputs.targetLogits());
        // One process: a reverse run is the scorer's own, never part of a distributed group.
        TrainingConfig reverse = config.toBuilder().device(model.deviceName()).dtype(model.description().dtype())
                .distributed(null).build();
        try (PointerScope scope = new PointerScope()) {
            Tensor generatorState = torch.getDefaultCPUGenerator().get_state();
            try (TensorDataset source = TensorDataset.labelled(model.prepare(data.target(), data.targetName()),
                            Tensors.fromLongs(Arrays.stream(pseudo).asLongStream().toArray()));
                    TensorDataset target = TensorDataset.unlabelled(model.prepare(data.sourceTrain(), data.sourceName()));
                    TensorDataset validation = TensorDataset.labelled(model.prepare(data.sourceValidation(), data.sourceName()),
                            Tensors.fromLongs(Arrays.stream(data.sourceValidationLabels()).asLongStream().toArray()))) {
                torch.manual_seed(reverse.seed());
                try (DannModel learner = reverseArchitecture(architecture).build();
                        DannTrainer trainer = new DannTrainer(learner, source, reverse.sourceOnly() ? null : target, reverse)) {
                    try {
                        trainer.run(m -> { });
                    } catch (TrainingDivergedException e) {
                        return Double.NaN;
                    }
                    return Evaluation.accuracy(learner, validation, 256, trainer.device(), reverse.dtype());
                }
            } finally {
                torch.getDefaultCPUGenerator().set_state(generatorState);
            }
        }
    }
}
