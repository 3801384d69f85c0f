package io.github.dann4j.train;

import io.github.dann4j.nn.DomainConditioning;
import java.util.Locale;

/**
 * The adversarial method: what the domain classifier sees and how its samples weigh. All three
 * share the native gradient reversal layer, the trainer and the label predictor; they differ only
 * in the objective.
 *
 * <ul>
 * <li>{@link #DANN} (Ganin and Lempitsky, ICML 2015): the domain classifier sees the features.
 * <li>{@link #CDAN} (Long et al., NeurIPS 2018): it sees the features conditioned on the class
 *     prediction, through the model's {@link DomainConditioning} map.
 * <li>{@link #CDAN_E}: CDAN with each sample's domain loss weighted by {@code 1 + e^(−H(g))}, H the
 *     entropy of its class prediction g, so that confident samples weigh more; the weights are
 *     constants of the step (no gradient flows through them), normalised within each domain.
 * </ul>
 */
public enum Method {
    DANN("dann"),
    CDAN("cdan"),
    CDAN_E("cdan-e");

    private final String cliName;

    Method(String cliName) {
        this.cliName = cliName;
    }

    /** Whether the domain classifier needs the class prediction (a model with a conditioning map). */
    public boolean conditional() {
        return this != DANN;
    }

    /** Whether samples are weighted by the entropy of their class prediction. */
    public boolean entropyWeighted() {
        return this == CDAN_E;
    }

    /** {@code dann}, {@code cdan} or {@code cdan-e}, as the CLI and checkpoints write it. */
    public String cliName() {
        return cliName;
    }

    /**
     * Reads {@code dann}, {@code cdan} or {@code cdan-e} (case and surrounding spaces ignored).
     *
     * @throws IllegalArgumentException for anything else, naming what is accepted
     */
    public static Method parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Method m : values()) {
            if (m.cliName.equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("the method must be dann, cdan or cdan-e, got '" + text + "'");
    }
}
