package io.github.dann4j.data;

import io.github.dann4j.internal.Scopes;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import java.util.Arrays;
import java.util.Properties;
import java.util.StringJoiner;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]}, where the channel is dimension 1:
 * the colour channel of images {@code [N, C, H, W]}, the feature of tabular data {@code [N, D]}.
 *
 * <p>Fit it on training data only (the source's, or source and unlabelled target pooled) and
 * apply the same values to every set, target and test included; save it with the model
 * ({@link #toProperties()}) so inference uses the very same numbers. Immutable.
 */
public final class Normalization {
    /** Property keys used by {@link #toProperties()}. */
    public static final String MEAN_KEY = "normalization.mean";
    public static final String STD_KEY = "normalization.std";

    /** Samples per chunk when fitting, so the float64 copy stays small (about 16M values). */
    private static final long CHUNK_VALUES = 1L << 24;

    private final double[] mean;
    private final double[] std;

    private Normalization(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Given values, one per channel; every std must be positive and everything finite. */
    public static Normalization of(double[] mean, double[] std) {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean and std need one value per channel, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (int c = 0; c < mean.length; c++) {
            TensorChecks.requireFinite(mean[c], "mean[" + c + "]");
            TensorChecks.requireFinite(std[c], "std[" + c + "]");
            if (std[c] <= 0) {
                throw new IllegalArgumentException("std[" + c + "] must be positive, got " + std[c]);
            }
        }
        return new Normalization(mean.clone(), std.clone());
    }

    /**
     * Mean and population standard deviation (divided by the count, not count - 1) of each channel
     * of {@code features} {@code [N, C, ...]}, over all samples and positions. A constant channel
     * (std 0) gets std 1, so it is only centred. Computed in float64, in chunks of samples.
     * Further sets ({@code more}, same channels) are pooled with the first: every sample of every
     * set counts once, as if the sets were concatenated (e.g. source and target training data).
     */
    public static Normalization fit(Tensor features, Tensor... more) {
        double[][] stats = channelStats(sets(features, more), true);
        return of(stats[0], stats[1]);
    }

    /** Only the per-channel mean, std 1: the "mean subtracted" preprocessing of the DANN paper. */
    public static Normalization fitMean(Tensor features, Tensor... more) {
        double[][] stats = channelStats(sets(features, more), false);
        double[] ones = new double[stats[0].length];
        Arrays.fill(ones, 1.0);
        return of(stats[0], ones);
    }

    private static Tensor[] sets(Tensor first, Tensor[] more) {
        Tensor[] all = new Tensor[1 + (more == null ? 0 : more.length)];
        all[0] = first;
        if (more != null) {
            System.arraycopy(more, 0, all, 1, more.length);
        }
        return all;
    }

    private static double[][] channelStats(Tensor[] sets, boolean withStd) {
        int channels = -1;
        for (int i = 0; i < sets.length; i++) {
            String name = i == 0 ? "features" : "features set " + (i + 1);
            TensorChecks.requireUsable(sets[i], name);
            if (sets[i].dim() < 2 || sets[i].size(0) == 0) {
                throw new IllegalArgumentException(name + " must be [N, C, ...] with N > 0, got " + TensorChecks.describe(sets[i]));
            }
            if (channels >= 0 && sets[i].size(1) != channels) {
                throw new IllegalArgumentException("pooled sets need the same channels (dimension 1): " + channels + " vs "
                        + TensorChecks.describe(sets[i]));
            }
            channels = (int) sets[i].size(1);
        }
        double[] sum = new double[channels];
        try (PointerScope scope = new PointerScope()) {
            // Two passes (mean, then squared deviations from it) rather than sum of squares minus
            // squared sum, which loses precision when the mean is large compared with the spread.
            long count = addChannelSums(sets, sum, x -> x);
            double[] mean = new double[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = sum[c] / count;
            }
            double[] std = new double[channels];
            if (withStd) {
                Tensor m = Tensors.fromDoubles(mean, ScalarType.Double, channels, 1);
                double[] squares = new double[channels];
                addChannelSums(sets, squares, x -> {
                    Tensor d = x.sub(m);
                    return d.mul(d);
                });
                for (int c = 0; c < channels; c++) {
                    double s = Math.sqrt(squares[c] / count);
                    std[c] = s > 0 ? s : 1.0;
                }
            }
            for (int c = 0; c < channels; c++) {
                if (!Double.isFinite(mean[c]) || !Double.isFinite(std[c])) {
                    throw new IllegalArgumentException("features contain NaN or infinite values (channel " + c
                            + " has mean " + mean[c] + ", std " + std[c] + ")");
                }
            }
            return new double[][] {mean, std};
        }
    }

    /**
     * Adds, per channel, the sum of {@code term} over every value of every set to {@code into};
     * returns the number of values per channel. Works through each set in chunks of samples, so
     * that the float64 copy of one chunk stays small.
     */
    private static long addChannelSums(Tensor[] sets, double[] into, java.util.function.UnaryOperator<Tensor> term) {
        long count = 0;
        for (Tensor features : sets) {
            long n = features.size(0);
            long chunk = Math.max(1, CHUNK_VALUES / Math.max(1, features.numel() / n));
            for (long start = 0; start < n; start += chunk) {
                Tensor x = byChannel(features, start, Math.min(chunk, n - start));
                add(into, Tensors.toDoubles(term.apply(x).sum(new long[] {1}, false, new org.bytedeco.pytorch.ScalarTypeOptional())));
                count += x.size(1);
            }
        }
        return count;
    }

    /** Samples [start, start + length) as float64 {@code [C, everything else]}. */
    private static Tensor byChannel(Tensor features, long start, long length) {
        long channels = features.size(1);
        return features.narrow(0, start, length).to(ScalarType.Double).transpose(0, 1).reshape(channels, -1);
    }

    private static void add(double[] into, double[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }

    /**
     * {@code (x - mean) / std} per channel for floating features {@code [N, C, ...]} with this
     * object's C; returns float64 for float64 features and float32 for any other (a new tensor,
     * belonging to the caller).
     */
    public Tensor apply(Tensor features) {
        TensorChecks.requireUsable(features, "features");
        if (!features.is_floating_point()) {
            throw new IllegalArgumentException("normalization applies to floating features (scale uint8 images first), got "
                    + TensorChecks.describe(features));
        }
        if (features.dim() < 2 || features.size(1) != mean.length) {
            throw new IllegalArgumentException("normalization has " + mean.length + " channels but features are "
                    + TensorChecks.describe(features) + " (channels are dimension 1)");
        }
        long[] broadcast = new long[(int) features.dim()];
        Arrays.fill(broadcast, 1);
        broadcast[1] = mean.length;
        ScalarType type = features.scalar_type().intern() == ScalarType.Double ? ScalarType.Double : ScalarType.Float;
        return Scopes.returning(() -> {
            Tensor m = Tensors.fromDoubles(mean, type, broadcast);
            Tensor s = Tensors.fromDoubles(std, type, broadcast);
            return features.to(type).sub(m).div(s);
        });
    }

    public int channels() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    /**
     * {@code normalization.mean} and {@code normalization.std}, each a comma-separated list with
     * one value per channel in Java's round-trip decimal form (reading it back gives the same bits).
     */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty(MEAN_KEY, join(mean));
        p.setProperty(STD_KEY, join(std));
        return p;
    }

    /** Reads what {@link #toProperties()} wrote (other keys in {@code p} are ignored). */
    public static Normalization fromProperties(Properties p) {
        return of(parse(p, MEAN_KEY), parse(p, STD_KEY));
    }

    private static String join(double[] values) {
        StringJoiner j = new StringJoiner(",");
        for (double v : values) {
            j.add(Double.toString(v));
        }
        return j.toString();
    }

    private static double[] parse(Properties p, String key) {
        String text = p.getProperty(key);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("normalization properties lack " + key);
        }
        String[] parts = text.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": value " + (i + 1) + " is not a number: '" + parts[i].trim() + "'");
            }
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
