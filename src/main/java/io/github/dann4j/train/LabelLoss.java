package io.github.dann4j.train;

import io.github.dann4j.nn.Task;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The label predictor's loss on the labelled source samples, a mean over the batch (and, for the
 * regression losses, over the outputs too, as PyTorch's {@code mse_loss} and {@code l1_loss} with
 * their default mean reduction).
 */
public enum LabelLoss {
    /** Log-softmax and negative log-likelihood of int64 class labels {@code [batch]} (classification). */
    CROSS_ENTROPY,
    /** Mean squared error {@code mean((ŷ − y)²)} of floating targets {@code [batch, outputs]} (regression). */
    MSE,
    /** Mean absolute error {@code mean(|ŷ − y|)} of floating targets {@code [batch, outputs]} (regression). */
    L1;

    /**
     * @param outputs the label predictor's outputs {@code [batch, classes]} or {@code [batch, outputs]}
     * @param labels  the labels (int64 {@code [batch]}) or targets ({@code [batch, outputs]}, the
     *                outputs' dtype) of the same samples
     * @return a 0-dim tensor
     */
    public Tensor of(Tensor outputs, Tensor labels) {
        return switch (this) {
            case CROSS_ENTROPY -> torch.cross_entropy_loss(outputs, labels);
            case MSE -> torch.mse_loss(outputs, labels);
            case L1 -> torch.l1_loss(outputs, labels);
        };
    }

    /** The task the loss belongs to: cross-entropy classifies, MSE and L1 regress. */
    public Task task() {
        return this == CROSS_ENTROPY ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /** {@code cross-entropy}, {@code mse} or {@code l1}, as the CLI writes it. */
    public String cliName() {
        return this == CROSS_ENTROPY ? "cross-entropy" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code cross-entropy}, {@code mse} or {@code l1} (case and surrounding spaces ignored).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static LabelLoss parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (LabelLoss loss : values()) {
            if (loss.cliName().equals(t)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("the label loss must be cross-entropy, mse or l1, got '" + text + "'");
    }
}
