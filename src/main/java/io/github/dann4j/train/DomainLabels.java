package io.github.dann4j.train;

import java.util.Locale;

/**
 * What the domain classifier is asked when there are several source domains.
 *
 * <ul>
 * <li>{@link #MERGED}: source or target, one binary output as with one source; the sources
 *     together are domain 0 and the target domain 1.
 * <li>{@link #PER_DOMAIN}: which domain, K + 1 logits (sources 0..K−1 in the order given, the
 *     target K) and softmax cross-entropy. With one source this is a two-way softmax instead of
 *     the binary output.
 * </ul>
 */
public enum DomainLabels {
    MERGED("merged"),
    PER_DOMAIN("per-domain");

    private final String cliName;

    DomainLabels(String cliName) {
        this.cliName = cliName;
    }

    /** {@code merged} or {@code per-domain}. */
    public String cliName() {
        return cliName;
    }

    /**
     * The number of domain outputs the model needs with {@code sources} source domains:
     * 1 (merged) or {@code sources + 1}.
     */
    public long outputs(int sources) {
        return this == MERGED ? 1 : sources + 1L;
    }

    /**
     * Reads {@code merged} or {@code per-domain}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static DomainLabels parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (DomainLabels d : values()) {
            if (d.cliName.equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("the domain labels must be merged or per-domain, got '" + text + "'");
    }
}
