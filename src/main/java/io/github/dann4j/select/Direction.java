package io.github.dann4j.select;

/** Which way a validator's score points: whether a higher or a lower score marks the better model. */
public enum Direction {
    /** A higher score is better (e.g. source accuracy, IM, BNM, SND). */
    HIGHER_IS_BETTER,
    /** A lower score is better (e.g. entropy, DEV's risk, the proxy A-distance). */
    LOWER_IS_BETTER;

    /** The score turned so that higher is better: itself, or its negation. */
    public double oriented(double score) {
        return this == HIGHER_IS_BETTER ? score : -score;
    }

    /** {@code "higher"} or {@code "lower"}, for tables. */
    public String word() {
        return this == HIGHER_IS_BETTER ? "higher" : "lower";
    }
}
