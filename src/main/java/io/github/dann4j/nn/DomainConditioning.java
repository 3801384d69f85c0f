package io.github.dann4j.nn;

import java.util.Locale;
import java.util.Objects;

/**
 * What the domain classifier sees (Long et al., "Conditional Adversarial Domain Adaptation",
 * NeurIPS 2018): the features alone (DANN), or the features conditioned on the class prediction,
 * as the multilinear map {@code f ⊗ g} (every product {@code g_c · f_j}, width features × classes)
 * or its randomized form {@code (f R_f) ⊙ (g R_g) / √d} of width d, where R_f {@code [features, d]}
 * and R_g {@code [classes, d]} are fixed standard-normal matrices drawn when the model is built
 * and kept in its state as buffers. g is the softmax of the class logits.
 *
 * <p>Immutable.
 */
public final class DomainConditioning {
    /** The paper's rule: the multilinear map up to this width, the randomized map above it. */
    public static final long MULTILINEAR_LIMIT = 4096;
    /** The randomized map's width when none is given (the paper's). */
    public static final long DEFAULT_RANDOMIZED_WIDTH = 1024;

    /** The three inputs a domain classifier can take. */
    public enum Kind {
        /** The features (DANN). */
        NONE,
        /** {@code f ⊗ g}, flattened class-major: entry {@code c · features + j} is {@code g_c f_j}. */
        MULTILINEAR,
        /** {@code (f R_f) ⊙ (g R_g) / √d}. */
        RANDOMIZED
    }

    private static final DomainConditioning NONE = new DomainConditioning(Kind.NONE, 0);
    private static final DomainConditioning MULTILINEAR = new DomainConditioning(Kind.MULTILINEAR, 0);

    private final Kind kind;
    private final long width; // the randomized map's; 0 otherwise

    private DomainConditioning(Kind kind, long width) {
        this.kind = kind;
        this.width = width;
    }

    /** DANN's domain classifier input: the features. */
    public static DomainConditioning none() {
        return NONE;
    }

    /** The multilinear map {@code f ⊗ g}. */
    public static DomainConditioning multilinear() {
        return MULTILINEAR;
    }

    /**
     * The randomized multilinear map of {@code width} outputs.
     *
     * @throws IllegalArgumentException if {@code width} is not positive
     */
    public static DomainConditioning randomized(long width) {
        if (width <= 0) {
            throw new IllegalArgumentException("the randomized map's width must be positive, got " + width);
        }
        return new DomainConditioning(Kind.RANDOMIZED, width);
    }

    /**
     * The paper's choice for a model: the multilinear map when features × classes is at most
     * {@link #MULTILINEAR_LIMIT}, otherwise the randomized map of {@link #DEFAULT_RANDOMIZED_WIDTH}.
     */
    public static DomainConditioning auto(long featureSize, long classes) {
        return featureSize > MULTILINEAR_LIMIT / Math.max(1, classes) ? randomized(DEFAULT_RANDOMIZED_WIDTH) : MULTILINEAR;
    }

    /**
     * Reads {@code none}, {@code multilinear}, {@code randomized} (width 1024) or
     * {@code randomized:<width>}; {@code auto} gives {@link #auto}.
     *
     * @throws IllegalArgumentException for anything else, naming what is accepted
     */
    public static DomainConditioning parse(String text, long featureSize, long classes) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return auto(featureSize, classes);
        }
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("multilinear")) {
            return MULTILINEAR;
        }
        if (t.equals("randomized")) {
            return randomized(DEFAULT_RANDOMIZED_WIDTH);
        }
        if (t.startsWith("randomized:")) {
            String number = t.substring("randomized:".length());
            try {
                return randomized(Long.parseLong(number));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the randomized map's width must be a whole number, got '" + number + "'");
            }
        }
        throw new IllegalArgumentException("the domain map must be auto, multilinear, randomized or randomized:<width>, got '"
                + text + "'");
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the domain classifier sees the class prediction too (CDAN). */
    public boolean conditional() {
        return kind != Kind.NONE;
    }

    /** The randomized map's width d; 0 for the other kinds. */
    public long randomizedWidth() {
        return width;
    }

    /**
     * The domain classifier's input width for features of {@code featureSize} and {@code classes}
     * classes; {@link Long#MAX_VALUE} if features × classes overflows.
     */
    public long inputWidth(long featureSize, long classes) {
        return switch (kind) {
            case NONE -> featureSize;
            case MULTILINEAR -> featureSize > Long.MAX_VALUE / Math.max(1, classes) ? Long.MAX_VALUE : featureSize * classes;
            case RANDOMIZED -> width;
        };
    }

    /** As {@link #parse} reads it: {@code none}, {@code multilinear} or {@code randomized:<width>}. */
    public String text() {
        return kind == Kind.RANDOMIZED ? "randomized:" + width : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainConditioning c && kind == c.kind && width == c.width;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, width);
    }

    @Override
    public String toString() {
        return text();
    }
}
