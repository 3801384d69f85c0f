package io.github.dann4j.train;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The label predictor's loss on the labelled source samples, a mean over the batch. */
public enum LabelLoss {
    /** Log-softmax and negative log-likelihood of int64 class labels {@code [batch]} (classification). */
    CROSS_ENTROPY;

    /**
     * @param outputs the label predictor's outputs {@code [batch, classes]}
     * @param labels  the labels of the same samples
     * @return a 0-dim tensor
     */
    public Tensor of(Tensor outputs, Tensor labels) {
        return switch (this) {
            case CROSS_ENTROPY -> torch.cross_entropy_loss(outputs, labels);
        };
    }
}
