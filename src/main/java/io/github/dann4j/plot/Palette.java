package io.github.dann4j.plot;

import java.awt.Color;

/**
 * The figures' colours: one per run (Matplotlib's tab10 order, so DANN figures look familiar),
 * one per class of the two-moons figure, and a faint version of any colour for raw values drawn
 * behind their smoothed curve.
 */
public final class Palette {
    /** Class 0 of a two-class figure: red. */
    public static final Color CLASS_0 = new Color(214, 39, 40);
    /** Class 1 of a two-class figure: blue. */
    public static final Color CLASS_1 = new Color(31, 119, 180);

    private static final Color[] RUNS = {new Color(255, 127, 14), new Color(44, 160, 44), CLASS_1, CLASS_0,
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};

    private Palette() {}

    /** The colour of the {@code index}-th run (0-based), cycling after eight. */
    public static Color run(int index) {
        return RUNS[Math.floorMod(index, RUNS.length)];
    }

    /** {@code colour} at {@code alpha} (0: invisible, 1: opaque). */
    public static Color faint(Color colour, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), (int) Math.round(255 * alpha));
    }

    /**
     * The colour between {@code a} (t = 0) and {@code b} (t = 1), mixed with white by {@code fade}
     * (0: the mix itself, 1: white) so that points drawn on top stay visible. NaN gives white.
     */
    public static Color blend(Color a, Color b, double t, double fade) {
        if (Double.isNaN(t)) {
            return Color.WHITE;
        }
        double u = Math.max(0, Math.min(1, t));
        return new Color(mix(a.getRed(), b.getRed(), u, fade), mix(a.getGreen(), b.getGreen(), u, fade),
                mix(a.getBlue(), b.getBlue(), u, fade));
    }

    private static int mix(int a, int b, double t, double fade) {
        return (int) Math.round((a * (1 - t) + b * t) * (1 - fade) + 255 * fade);
    }
}
