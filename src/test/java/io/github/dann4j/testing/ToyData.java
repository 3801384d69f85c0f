package io.github.dann4j.testing;

import io.github.dann4j.internal.Tensors;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** Two Gaussian blobs in the plane (class 0 left, class 1 right), optionally rotated: a toy domain shift. */
public final class ToyData {
    public final Tensor features; // [n, 2] float32
    public final Tensor labels;   // [n] int64

    private ToyData(Tensor features, Tensor labels) {
        this.features = features;
        this.labels = labels;
    }

    public static ToyData blobs(int n, long seed, double rotationDegrees) {
        Random random = new Random(seed);
        double angle = Math.toRadians(rotationDegrees);
        double[] xy = new double[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double x0 = (y[i] == 0 ? -1.0 : 1.0) + 0.4 * random.nextGaussian();
            double x1 = (y[i] == 0 ? -0.5 : 0.5) + 0.4 * random.nextGaussian();
            xy[2 * i] = Math.cos(angle) * x0 - Math.sin(angle) * x1;
            xy[2 * i + 1] = Math.sin(angle) * x0 + Math.cos(angle) * x1;
        }
        return new ToyData(Tensors.fromDoubles(xy, ScalarType.Float, n, 2), Tensors.fromLongs(y));
    }
}
