package io.github.dann4j.train;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DomainOutput;
import java.util.List;
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
 *
 * <p>This is {@link AdversarialObjective} with cross-entropy, {@link Method#DANN} and one source;
 * the helpers here are the binary domain losses it shares.
 */
public final class DannObjective {
    private DannObjective() {}

    /**
     * @param sourceX      {@code [sourceBatch, ...]}
     * @param sourceY      int64 {@code [sourceBatch]}
     * @param targetX      {@code [targetBatch, ...]}; ignored when {@code sourceOnly}
     * @param sourceOnly   the baseline: label loss only, the domain branch off
     */
    public static ObjectiveTerms compute(DannModel model, Tensor sourceX, Tensor sourceY, Tensor targetX,
            boolean sourceOnly) {
        return compute(model, sourceX, sourceY, targetX, sourceOnly, DomainLossReduction.SUM);
    }

    /** As above, with the domain losses combined by {@code reduction}. */
    public static ObjectiveTerms compute(DannModel model, Tensor sourceX, Tensor sourceY, Tensor targetX,
            boolean sourceOnly, DomainLossReduction reduction) {
        return new AdversarialObjective(LabelLoss.CROSS_ENTROPY, Method.DANN, DomainLabels.MERGED, reduction, sourceOnly)
                .compute(model, StepBatches.of(sourceX, sourceY, sourceOnly ? null : targetX));
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

    /**
     * Domain outputs classified right, as a 0-dim int64 tensor on the outputs' device (nothing is
     * read to the host): binary outputs on the right side of the threshold (0 for logits, 0.5 for
     * probabilities), sources below and target above; per-domain logits whose arg-max is the domain.
     */
    static Tensor correctDomainPredictions(ObjectiveTerms terms, DomainOutput mode, DomainLabels labels) {
        List<Tensor> domain = terms.domainOutputs();
        Tensor correct = null;
        for (int k = 0; k < domain.size(); k++) {
            Tensor right = rightDecisions(domain.get(k), k, k == domain.size() - 1, mode, labels).sum();
            correct = correct == null ? right : correct.add(right);
        }
        return correct;
    }

    /**
     * Which of domain {@code k}'s outputs {@code d} the domain classifier got right, as a boolean
     * tensor: binary outputs on the domain's side of the threshold (sources below, the target at
     * or above), or per-domain logits whose arg-max is {@code k}.
     */
    static Tensor rightDecisions(Tensor d, int k, boolean isTarget, DomainOutput mode, DomainLabels labels) {
        if (labels == DomainLabels.PER_DOMAIN) {
            return torch.eq(d.argmax(new org.bytedeco.pytorch.LongOptional(1), false), AdversarialObjective.domainLabel(d, k));
        }
        Scalar threshold = new Scalar(mode == DomainOutput.LOGITS ? 0.0 : 0.5);
        return isTarget ? torch.ge(d, threshold) : torch.lt(d, threshold);
    }

    /** How many decisions {@link #correctDomainPredictions} counts: outputs (binary) or samples (per-domain). */
    static long domainDecisions(ObjectiveTerms terms, DomainLabels labels) {
        long n = 0;
        for (Tensor d : terms.domainOutputs()) {
            n += labels == DomainLabels.PER_DOMAIN ? d.size(0) : d.numel();
        }
        return n;
    }
}
