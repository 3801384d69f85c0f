package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The objectives dann4j trains, composed from their parts: {@code e = l_y + l_d}.
 *
 * <ul>
 * <li>l_y is the {@link LabelLoss} over all source samples of the step together (one mean).
 * <li>l_d is the domain classifier's loss on its outputs for each domain, which the {@link Method}
 *     computes (DANN: from the features; CDAN: from the model's map of features and class
 *     prediction) and may weight per sample (CDAN+E), against the labels of {@link DomainLabels},
 *     combined by {@link DomainLossReduction}: {@code SUM} adds one (weighted) mean per domain
 *     (merged sources count as one domain), {@code MEAN} is one (weighted) mean over the
 *     concatenated outputs.
 * </ul>
 *
 * <p>A weighted mean is {@code Σ w_i ℓ_i / Σ w_i} over samples, ℓ_i summed over the sample's
 * outputs and divided by their number; with all weights 1 it is PyTorch's mean reduction. One
 * backward pass of e trains the label predictor and the domain classifier to minimise their
 * losses, while the reversed gradient trains the features (and, under CDAN, the class prediction
 * the map uses) to confuse the domain classifier.
 */
public final class AdversarialObjective implements Objective {
    private final LabelLoss labelLoss;
    private final Method method;
    private final DomainLabels domainLabels;
    private final DomainLossReduction reduction;
    private final boolean sourceOnly;

    /**
     * @param sourceOnly the baseline: label loss only, the domain branch off (method, labels and
     *                   reduction are then not used)
     */
    public AdversarialObjective(LabelLoss labelLoss, Method method, DomainLabels domainLabels,
            DomainLossReduction reduction, boolean sourceOnly) {
        if (labelLoss == null || method == null || domainLabels == null || reduction == null) {
            throw new IllegalArgumentException("label loss, method, domain labels and reduction must not be null");
        }
        this.labelLoss = labelLoss;
        this.method = method;
        this.domainLabels = domainLabels;
        this.reduction = reduction;
        this.sourceOnly = sourceOnly;
    }

    /** The objective a {@link TrainingConfig} describes. */
    public static AdversarialObjective of(TrainingConfig config) {
        return new AdversarialObjective(config.labelLoss(), config.method(), config.domainLabels(), config.domainLoss(),
                config.sourceOnly());
    }

    public Method method() {
        return method;
    }

    @Override
    public ObjectiveTerms compute(DannModel model, StepBatches batches) {
        int sources = batches.sources();
        List<Tensor> features = new ArrayList<>(sources);
        List<Tensor> outputs = new ArrayList<>(sources);
        for (int k = 0; k < sources; k++) {
            Tensor f = model.features(batches.sourceX().get(k));
            features.add(f);
            outputs.add(model.classLogits(f));
        }
        Tensor l_y = labelLoss.of(concat(outputs), concat(batches.sourceY()));
        if (sourceOnly) {
            return new ObjectiveTerms(l_y, l_y, null, outputs, List.of(), features);
        }
        if (batches.targetX() == null) {
            throw new IllegalArgumentException("an adversarial objective needs a target batch");
        }
        if (method.conditional() != model.conditioning().conditional()) {
            throw new IllegalArgumentException(method.conditional()
                    ? method.cliName() + " needs a model whose domain classifier sees the class prediction (a domain map);"
                            + " this one sees the features"
                    : "dann needs a model whose domain classifier sees the features; this one has the "
                            + model.conditioning() + " domain map (train it with cdan or cdan-e)");
        }
        Tensor targetFeatures = model.features(batches.targetX());
        Tensor targetLogits = method.conditional() ? model.classLogits(targetFeatures) : null;
        List<Tensor> domain = new ArrayList<>(sources + 1);
        List<Tensor> weights = method.entropyWeighted() ? new ArrayList<>(sources + 1) : null;
        for (int k = 0; k <= sources; k++) {
            Tensor f = k < sources ? features.get(k) : targetFeatures;
            Tensor logits = k < sources ? outputs.get(k) : targetLogits;
            domain.add(method.conditional() ? model.domainOutputs(f, logits) : model.domainOutputs(f));
            if (weights != null) {
                weights.add(entropyWeights(logits));
            }
        }
        Tensor l_d = domainLabels == DomainLabels.MERGED ? binaryLoss(domain, weights, model.domainOutput())
                : perDomainLoss(domain, weights, model.domainOutput());
        return new ObjectiveTerms(l_y.add(l_d), l_y, l_d, outputs, domain, features);
    }

    /** CDAN+E's weights {@code 1 + e^(−H(softmax(logits)))} {@code [batch]}, detached from the graph. */
    static Tensor entropyWeights(Tensor logits) {
        Tensor detached = logits.detach();
        Tensor entropy = torch.softmax(detached, 1).mul(torch.log_softmax(detached, 1)).sum(1).neg();
        return torch.exp(entropy.neg()).add(new Scalar(1.0));
    }

    /** Sources (merged) against the target, binary cross-entropy. */
    private Tensor binaryLoss(List<Tensor> domain, List<Tensor> weights, DomainOutput mode) {
        int sources = domain.size() - 1;
        Tensor source = concat(domain.subList(0, sources));
        Tensor target = domain.get(sources);
        Tensor sourceWeights = weights == null ? null : concat(weights.subList(0, sources));
        Tensor targetWeights = weights == null ? null : weights.get(sources);
        if (reduction == DomainLossReduction.MEAN) {
            if (weights == null) {
                return DannObjective.concatenatedDomainLoss(source, target, mode);
            }
            Tensor outputs = torch.cat(new TensorVector(source, target));
            Tensor labels = torch.cat(new TensorVector(torch.zeros_like(source), torch.ones_like(target)));
            return weightedBinary(outputs, labels, torch.cat(new TensorVector(sourceWeights, targetWeights)), mode);
        }
        if (weights == null) {
            return DannObjective.domainLoss(source, 0.0, mode).add(DannObjective.domainLoss(target, 1.0, mode));
        }
        return weightedBinary(source, torch.zeros_like(source), sourceWeights, mode)
                .add(weightedBinary(target, torch.ones_like(target), targetWeights, mode));
    }

    private static Tensor weightedBinary(Tensor outputs, Tensor labels, Tensor weights, DomainOutput mode) {
        Tensor each = mode == DomainOutput.LOGITS
                ? torch.binary_cross_entropy_with_logits(outputs, labels, new TensorOptional(), new TensorOptional(), 0)
                : torch.binary_cross_entropy(outputs, labels, new TensorOptional(), 0);
        return weightedMean(each.sum(1), weights).div(new Scalar((double) outputs.size(1)));
    }

    /** Which domain: softmax cross-entropy over K + 1 logits, source k labelled k and the target K. */
    private Tensor perDomainLoss(List<Tensor> domain, List<Tensor> weights, DomainOutput mode) {
        if (mode != DomainOutput.LOGITS) {
            throw new IllegalArgumentException("per-domain labels need a domain classifier with logits, not probabilities");
        }
        long classes = domain.size();
        List<Tensor> labels = new ArrayList<>(domain.size());
        for (int k = 0; k < domain.size(); k++) {
            Tensor d = domain.get(k);
            if (d.size(1) != classes) {
                throw new IllegalArgumentException("per-domain labels with " + (classes - 1) + " sources need " + classes
                        + " domain outputs; the model has " + d.size(1));
            }
            labels.add(domainLabel(d, k));
        }
        if (reduction == DomainLossReduction.MEAN) {
            Tensor all = concat(domain);
            Tensor allLabels = concat(labels);
            return weights == null ? torch.cross_entropy_loss(all, allLabels)
                    : weightedMean(crossEntropyEach(all, allLabels), concat(weights));
        }
        Tensor sum = null;
        for (int k = 0; k < domain.size(); k++) {
            Tensor term = weights == null ? torch.cross_entropy_loss(domain.get(k), labels.get(k))
                    : weightedMean(crossEntropyEach(domain.get(k), labels.get(k)), weights.get(k));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** int64 {@code [batch]} of {@code k}, on the outputs' device. */
    static Tensor domainLabel(Tensor outputs, long k) {
        return torch.full_like(outputs.select(1, 0), new Scalar((double) k)).to(ScalarType.Long);
    }

    private static Tensor crossEntropyEach(Tensor logits, Tensor labels) {
        return torch.cross_entropy_loss(logits, labels, new TensorOptional(), 0, -100, 0.0);
    }

    private static Tensor weightedMean(Tensor values, Tensor weights) {
        return values.mul(weights).sum().div(weights.sum());
    }

    /** The tensors concatenated along dim 0; the tensor itself when there is one. */
    private static Tensor concat(List<Tensor> tensors) {
        if (tensors.size() == 1) {
            return tensors.get(0);
        }
        TensorVector vector = new TensorVector();
        for (Tensor t : tensors) {
            vector.push_back(t);
        }
        return torch.cat(vector);
    }
}
