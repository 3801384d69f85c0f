package io.github.dann4j.train;

import io.github.dann4j.internal.TensorChecks;

/**
 * The gradient reversal strength λ as a function of training progress p ∈ [0, 1].
 *
 * <p>The paper (Ganin et al., JMLR 2016, §5.2.2) raises λ from 0 to 1 as
 * {@code λ_p = 2 / (1 + exp(-γ p)) - 1} with γ = 10, so the domain classifier's noisy early
 * signal does not disturb the features.
 */
public abstract class LambdaSchedule {
    private LambdaSchedule() {}

    /** λ at progress {@code p} (0 at the first step, {@code step / totalSteps} after). */
    public abstract double at(double progress);

    /** A spec that {@link #parse} turns back into this schedule, e.g. {@code paper:1.0:10.0}. */
    public abstract String spec();

    @Override
    public String toString() {
        return spec();
    }

    /** λ fixed at {@code lambda}. */
    public static LambdaSchedule constant(double lambda) {
        TensorChecks.requireFinite(lambda, "lambda");
        return new LambdaSchedule() {
            @Override
            public double at(double progress) {
                return lambda;
            }

            @Override
            public String spec() {
                return "constant:" + lambda;
            }
        };
    }

    /** The paper's schedule with γ = 10 and maximum 1. */
    public static LambdaSchedule paper() {
        return paper(1.0, 10.0);
    }

    /** {@code lambdaMax * (2 / (1 + exp(-gamma p)) - 1)}. */
    public static LambdaSchedule paper(double lambdaMax, double gamma) {
        return warmStart(0.0, lambdaMax, gamma);
    }

    /** From {@code low} at p = 0 towards {@code high}: {@code low + (high - low)(2 / (1 + exp(-γp)) - 1)}. */
    public static LambdaSchedule warmStart(double low, double high, double gamma) {
        TensorChecks.requireFinite(low, "lambda low");
        TensorChecks.requireFinite(high, "lambda high");
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be positive and finite, got " + gamma);
        }
        return new LambdaSchedule() {
            @Override
            public double at(double progress) {
                return low + (high - low) * (2.0 / (1.0 + Math.exp(-gamma * progress)) - 1.0);
            }

            @Override
            public String spec() {
                return low == 0.0 ? "paper:" + high + ":" + gamma : "warmstart:" + low + ":" + high + ":" + gamma;
            }
        };
    }

    /**
     * Parses {@code constant:L}, {@code paper} or {@code paper:MAX[:GAMMA]}, {@code warmstart:LO:HI[:GAMMA]}.
     */
    public static LambdaSchedule parse(String spec) {
        String[] parts = spec.trim().split(":");
        try {
            switch (parts[0]) {
                case "constant":
                    return constant(Double.parseDouble(parts[1]));
                case "paper":
                    return paper(parts.length > 1 ? Double.parseDouble(parts[1]) : 1.0,
                            parts.length > 2 ? Double.parseDouble(parts[2]) : 10.0);
                case "warmstart":
                    return warmStart(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
                            parts.length > 3 ? Double.parseDouble(parts[3]) : 10.0);
                default:
                    break;
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("bad lambda schedule '" + spec
                + "'; use constant:L, paper[:MAX[:GAMMA]] or warmstart:LO:HI[:GAMMA]");
    }
}
