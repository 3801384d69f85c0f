package io.github.dann4j.train;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DomainOutput;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * What one training step with several source domains measured for each domain, before its
 * parameter update; {@link #NONE} in a run with one source, whose {@link StepMetrics} already say
 * it all.
 *
 * @param sourceLabelLoss the label loss of each source's batch alone (its own mean), in the order
 *                        the sources were given
 * @param domainAccuracy  for each source, then the target: the fraction of the domain classifier's
 *                        decisions on that domain's batch that are right (merged: binary outputs on
 *                        the domain's side of the threshold; per-domain: arg-max equal to the
 *                        domain's index); empty in a source-only run
 */
public record DomainMetrics(List<Double> sourceLabelLoss, List<Double> domainAccuracy) {
    /** No per-domain metrics (one source). */
    public static final DomainMetrics NONE = new DomainMetrics(List.of(), List.of());

    public DomainMetrics {
        sourceLabelLoss = List.copyOf(sourceLabelLoss);
        domainAccuracy = List.copyOf(domainAccuracy);
    }

    /** The number of source domains measured (0 for {@link #NONE}). */
    public int sources() {
        return sourceLabelLoss.size();
    }

    /**
     * The per-domain values of one step as one float64 tensor on the training device
     * {@code [K + (K + 1)]} (K label losses, then K + 1 domain accuracies; {@code [K]} when
     * source-only), so that they reach the host in one read ({@link #read}). Computed without
     * gradients from the step's outputs, so the update is the same with or without them.
     */
    static Tensor measure(ObjectiveTerms terms, StepBatches batches, LabelLoss labelLoss, DomainOutput mode,
            DomainLabels labels) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            TensorVector values = new TensorVector();
            for (int k = 0; k < batches.sources(); k++) {
                values.push_back(labelLoss.of(terms.classOutputs().get(k).detach(), batches.sourceY().get(k))
                        .to(ScalarType.Double));
            }
            if (terms.adversarial()) {
                List<Tensor> domain = terms.domainOutputs();
                for (int k = 0; k < domain.size(); k++) {
                    Tensor right = DannObjective.rightDecisions(domain.get(k).detach(), k, k == domain.size() - 1, mode,
                            labels);
                    values.push_back(right.to(ScalarType.Double).mean());
                }
            }
            return torch.stack(values);
        }
    }

    /** Reads what {@link #measure} computed for {@code sources} sources (one host read). */
    static DomainMetrics read(Tensor measured, int sources) {
        try (PointerScope scope = new PointerScope()) {
            double[] v = Tensors.toDoubles(measured.cpu());
            List<Double> losses = new ArrayList<>(sources);
            List<Double> accuracies = new ArrayList<>(sources + 1);
            for (int i = 0; i < v.length; i++) {
                (i < sources ? losses : accuracies).add(v[i]);
            }
            return new DomainMetrics(losses, accuracies);
        }
    }
}
