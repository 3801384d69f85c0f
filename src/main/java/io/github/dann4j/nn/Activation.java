package io.github.dann4j.nn;

import org.bytedeco.pytorch.SequentialImpl;
import org.bytedeco.pytorch.TanhImpl;
import org.bytedeco.pytorch.ReLUImpl;
import org.bytedeco.pytorch.SigmoidImpl;

/** Element-wise activations for MLP layers. */
public enum Activation {
    TANH, RELU, SIGMOID;

    /** Appends this activation to {@code sequential} as its next numbered child. */
    void appendTo(SequentialImpl sequential) {
        switch (this) {
            case TANH:
                sequential.push_back(new TanhImpl());
                break;
            case RELU:
                sequential.push_back(new ReLUImpl());
                break;
            case SIGMOID:
                sequential.push_back(new SigmoidImpl());
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /** Parses {@code tanh}, {@code relu} or {@code sigmoid}, case-insensitively. */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; use tanh, relu or sigmoid");
    }
}
