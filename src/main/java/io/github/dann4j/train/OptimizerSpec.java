package io.github.dann4j.train;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.TensorVector;

/** Which of libtorch's optimizers to use, and its fixed settings (the learning rate comes from a schedule). */
public final class OptimizerSpec {
    private enum Kind { SGD, ADAM }

    private final Kind kind;
    private final double momentum;
    private final double beta1;
    private final double beta2;

    private OptimizerSpec(Kind kind, double momentum, double beta1, double beta2) {
        this.kind = kind;
        this.momentum = momentum;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    /** Plain SGD. */
    public static OptimizerSpec sgd() {
        return new OptimizerSpec(Kind.SGD, 0.0, 0, 0);
    }

    /** SGD with momentum (the paper uses 0.9), no dampening, no Nesterov. */
    public static OptimizerSpec sgdMomentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        return new OptimizerSpec(Kind.SGD, momentum, 0, 0);
    }

    /** Adam with betas (0.9, 0.999). */
    public static OptimizerSpec adam() {
        return new OptimizerSpec(Kind.ADAM, 0, 0.9, 0.999);
    }

    /** Parses {@code sgd}, {@code momentum[:M]} (default 0.9) or {@code adam}. */
    public static OptimizerSpec parse(String spec) {
        String[] parts = spec.trim().toLowerCase(java.util.Locale.ROOT).split(":");
        switch (parts[0]) {
            case "sgd":
                return sgd();
            case "momentum":
                try {
                    return sgdMomentum(parts.length > 1 ? Double.parseDouble(parts[1]) : 0.9);
                } catch (NumberFormatException e) {
                    break;
                }
            case "adam":
                return adam();
            default:
                break;
        }
        throw new IllegalArgumentException("bad optimizer '" + spec + "'; use sgd, momentum[:M] or adam");
    }

    /** Creates the optimizer over {@code parameters}, with the initial learning rate. */
    public Optimizer create(TensorVector parameters, double learningRate) {
        if (kind == Kind.SGD) {
            SGDOptions options = new SGDOptions(learningRate);
            options.momentum().put(momentum);
            return new SGD(parameters, options);
        }
        AdamOptions options = new AdamOptions(learningRate);
        options.betas().put(0, beta1).put(1, beta2);
        return new Adam(parameters, options);
    }

    public String spec() {
        return kind == Kind.ADAM ? "adam" : momentum == 0 ? "sgd" : "momentum:" + momentum;
    }

    @Override
    public String toString() {
        return spec();
    }
}
