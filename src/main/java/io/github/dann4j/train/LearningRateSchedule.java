package io.github.dann4j.train;

/**
 * The learning rate as a function of training progress p ∈ [0, 1]. The paper's annealing
 * (Ganin et al., JMLR 2016, §5.2.2) is {@code μ_p = μ0 / (1 + α p)^β} with μ0 = 0.01, α = 10,
 * β = 0.75.
 */
public abstract class LearningRateSchedule {
    private LearningRateSchedule() {}

    public abstract double at(double progress);

    /** A spec that {@link #parse} turns back into this schedule. */
    public abstract String spec();

    @Override
    public String toString() {
        return spec();
    }

    public static LearningRateSchedule constant(double rate) {
        requirePositive(rate, "learning rate");
        return new LearningRateSchedule() {
            @Override
            public double at(double progress) {
                return rate;
            }

            @Override
            public String spec() {
                return "constant:" + rate;
            }
        };
    }

    /** The paper's annealing with μ0 = 0.01, α = 10, β = 0.75. */
    public static LearningRateSchedule paper() {
        return paper(0.01, 10.0, 0.75);
    }

    public static LearningRateSchedule paper(double initial, double alpha, double beta) {
        requirePositive(initial, "initial learning rate");
        if (!(alpha >= 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("alpha and beta must be finite and >= 0, got " + alpha + ", " + beta);
        }
        return new LearningRateSchedule() {
            @Override
            public double at(double progress) {
                return initial / Math.pow(1.0 + alpha * progress, beta);
            }

            @Override
            public String spec() {
                return "paper:" + initial + ":" + alpha + ":" + beta;
            }
        };
    }

    /** Parses {@code constant:MU} or {@code paper[:MU0[:ALPHA[:BETA]]]}. */
    public static LearningRateSchedule parse(String spec) {
        String[] parts = spec.trim().split(":");
        try {
            switch (parts[0]) {
                case "constant":
                    return constant(Double.parseDouble(parts[1]));
                case "paper":
                    return paper(parts.length > 1 ? Double.parseDouble(parts[1]) : 0.01,
                            parts.length > 2 ? Double.parseDouble(parts[2]) : 10.0,
                            parts.length > 3 ? Double.parseDouble(parts[3]) : 0.75);
                default:
                    break;
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("bad learning-rate schedule '" + spec
                + "'; use constant:MU or paper[:MU0[:ALPHA[:BETA]]]");
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}
