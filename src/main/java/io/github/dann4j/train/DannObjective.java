package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The DANN loss on one source batch (labelled) and one target batch: {@code e = l_y(source) + l_d},
 * with l_d by {@link DomainLossReduction}: {@code SUM} (default) {@code l_d(source, 0) +
 * l_d(target, 1)}, each a mean over its own batch, so the two domains weigh the same whatever
 * their batch sizes; {@code MEAN} one binary cross-entropy averaged over the concatenated
 * source+target outputs, so each output weighs the same. One backward pass of e
 * trains g_y and g_d to minimise their losses while the reversed gradient trains g_f to confuse g_d.
 */
public final class DannObjective {
    private DannObjective() {}

    /**
     * The loss terms and outputs of one forward pass.
     *
     * @param total          e, a 0-dim tensor to call backward on
     * @param labelLoss      l_y, 0-dim
     * @param domainLoss     l_d as {@link DomainLossReduction} defines it, 0-dim; null when source-only
     * @param classLogits    {@code [sourceBatch, classes]}
     * @param domainSource   domain outputs for the source batch {@code [sourceBatch, outputs]}; null when source-only
     * @param domainTarget   domain outputs for the target batch {@code [targetBatch, outputs]}; null when source-only
     * @param sourceFeatures {@code [sourceBatch, featureSize]}
     */
    public record Terms(Tensor total, Tensor labelLoss, Tensor domainLoss, Tensor classLogits,
            Tensor domainSource, Tensor domainTarget, Tensor sourceFeatures) {
    }

    /**
     * @param sourceX      {@code [sourceBatch, ...]}
     * @param sourceY      int64 {@code [sourceBatch]}
     * @param targetX      {@code [targetBatch, ...]}; ignored when {@code sourceOnly}
     * @param sourceOnly   the baseline: label loss only, the domain branch off
     */
    public static Terms compute(DannModel model, Tensor sourceX, Tensor sourceY, Tensor targetX, boolean sourceOnly) {
        return compute(model, sourceX, sourceY, targetX, sourceOnly, DomainLossReduction.SUM);
    }

    /** As above, with the domain losses combined by {@code reduction}. */
    public static Terms compute(DannModel model, Tensor sourceX, Tensor sourceY, Tensor targetX, boolean sourceOnly,
            DomainLossReduction reduction) {
        Tensor sourceFeatures = model.features(sourceX);
        Tensor classLogits = model.classLogits(sourceFeatures);
        Tensor labelLoss = torch.cross_entropy_loss(classLogits, sourceY);
        if (sourceOnly) {
            return new Terms(labelLoss, labelLoss, null, classLogits, null, null, sourceFeatures);
        }
        Tensor targetFeatures = model.features(targetX);
        Tensor domainSource = model.domainOutputs(sourceFeatures);
        Tensor domainTarget = model.domainOutputs(targetFeatures);
        Tensor domainLoss = reduction == DomainLossReduction.MEAN
                ? concatenatedDomainLoss(domainSource, domainTarget, model.domainOutput())
                : domainLoss(domainSource, 0.0, model.domainOutput())
                        .add(domainLoss(domainTarget, 1.0, model.domainOutput()));
        return new Terms(labelLoss.add(domainLoss), labelLoss, domainLoss, classLogits, domainSource, domainTarget,
                sourceFeatures);
    }

    /**
     * Binary cross-entropy averaged over all source and target outputs together:
     * {@code (sum BCE(source, 0) + sum BCE(target, 1)) / (source outputs + target outputs)},
     * computed as PyTorch's {@code BCE(cat([source, target]), cat([zeros, ones]))}.
     *
     * @param source {@code [sourceBatch, outputs]}
     * @param target {@code [targetBatch, outputs]}
     */
    static Tensor concatenatedDomainLoss(Tensor source, Tensor target, DomainOutput mode) {
        Tensor outputs = torch.cat(new TensorVector(source, target));
        Tensor targets = torch.cat(new TensorVector(torch.zeros_like(source), torch.ones_like(target)));
        return mode == DomainOutput.LOGITS
                ? torch.binary_cross_entropy_with_logits(outputs, targets)
                : torch.binary_cross_entropy(outputs, targets);
    }

    /** Mean binary cross-entropy of domain outputs against a constant domain label (0 or 1). */
    static Tensor domainLoss(Tensor outputs, double domainLabel, DomainOutput mode) {
        Tensor targets = torch.full_like(outputs, new Scalar(domainLabel));
        return mode == DomainOutput.LOGITS
                ? torch.binary_cross_entropy_with_logits(outputs, targets)
                : torch.binary_cross_entropy(outputs, targets);
    }

    /** Number of domain outputs on the correct side of the threshold (0 for logits, 0.5 for probabilities). */
    static long correctDomainPredictions(Terms terms, DomainOutput mode) {
        Scalar threshold = new Scalar(mode == DomainOutput.LOGITS ? 0.0 : 0.5);
        Tensor correct = torch.lt(terms.domainSource(), threshold).sum()
                .add(torch.ge(terms.domainTarget(), threshold).sum());
        return correct.item_long();
    }
}
