package io.github.dann4j.cli;

import java.util.Random;

/**
 * Two inter-twining moons in the plane (the source of Ganin et al.'s toy experiment), optionally
 * rotated about their centre (the target: 35° in the paper). Class 0 is the upper moon, class 1
 * the lower one; Gaussian noise of standard deviation 0.1 on both coordinates.
 */
final class TwoMoons {
    /** Centre of the two moons, about which the target is rotated. */
    static final double CENTRE_X = 0.5;
    static final double CENTRE_Y = 0.25;

    final double[][] points;
    final int[] labels;

    private TwoMoons(double[][] points, int[] labels) {
        this.points = points;
        this.labels = labels;
    }

    /** {@code n} samples, alternating classes, rotated by {@code degrees} about the centre. */
    static TwoMoons sample(int n, double degrees, Random random) {
        double angle = Math.toRadians(degrees);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[][] points = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double t = Math.PI * random.nextDouble();
            double x = labels[i] == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double y = labels[i] == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            double dx = x + 0.1 * random.nextGaussian() - CENTRE_X;
            double dy = y + 0.1 * random.nextGaussian() - CENTRE_Y;
            points[i] = new double[] {CENTRE_X + cos * dx - sin * dy, CENTRE_Y + sin * dx + cos * dy};
        }
        return new TwoMoons(points, labels);
    }
}
