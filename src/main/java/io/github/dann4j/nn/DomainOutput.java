package io.github.dann4j.nn;

/** What the domain classifier's last layer outputs, and so which binary cross-entropy applies. */
public enum DomainOutput {
    /** Raw logits with BCE-with-logits: numerically stable; the default. */
    LOGITS,
    /**
     * A sigmoid inside the classifier and BCE on probabilities, as in the seed's model; for parity
     * with code written that way. Less stable: saturated sigmoids give log(0), clamped by libtorch.
     */
    PROBABILITIES
}
