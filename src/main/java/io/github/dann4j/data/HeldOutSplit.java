package io.github.dann4j.data;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.PropertiesFiles;
import io.github.dann4j.internal.Tensors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A deterministic, seeded split of {@code size} samples into a held-out part and a training
 * part, e.g. labelled source data kept aside for model selection (never seen by the optimizer
 * nor by the normalisation fitted on the training part).
 *
 * <p>How the samples are chosen: a Fisher–Yates shuffle of {@code 0..size-1} driven by
 * {@code java.util.Random(seed)} (an algorithm the JDK specifies, so every JVM picks the same
 * samples); the first {@code heldOutCount} of the shuffle are held out. Both index lists are
 * kept sorted, so each part keeps the data's order. The split is not stratified by class.
 * {@link #write} records the seed, the size and the held-out indices themselves, so the split can
 * be recovered without this class.
 *
 * <pre>{@code
 * HeldOutSplit split = HeldOutSplit.fraction(source.size(), 0.1, 1);
 * try (LoadedData heldOut = split.heldOut(source); LoadedData training = split.training(source)) {
 *     // train on training, select on heldOut
 * }
 * }</pre>
 *
 * Immutable; holds no native memory.
 */
public final class HeldOutSplit {
    /** The file name {@code dann4j train --hold-out-source} writes into its output folder. */
    public static final String FILE_NAME = "holdout.properties";

    private final long size;
    private final long seed;
    private final long[] heldOut;
    private final long[] training;

    private HeldOutSplit(long size, long seed, long[] heldOut) {
        this.size = size;
        this.seed = seed;
        this.heldOut = heldOut;
        boolean[] out = new boolean[Math.toIntExact(size)];
        for (long i : heldOut) {
            out[(int) i] = true;
        }
        long[] rest = new long[Math.toIntExact(size - heldOut.length)];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (!out[i]) {
                rest[k++] = i;
            }
        }
        this.training = rest;
    }

    /**
     * Holds out {@code round(fraction · size)} samples, {@code 0 < fraction < 1}.
     *
     * @throws IllegalArgumentException for a fraction outside (0, 1) or one that leaves either
     *     part empty
     */
    public static HeldOutSplit fraction(long size, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must be between 0 and 1 (exclusive), got " + fraction);
        }
        long count = Math.round(fraction * size);
        if (count < 1 || count >= size) {
            throw new IllegalArgumentException("holding out a fraction " + fraction + " of " + size + " samples rounds to "
                    + count + ", which leaves " + (count < 1 ? "nothing held out" : "nothing to train on"));
        }
        return count(size, count, seed);
    }

    /**
     * Holds out {@code count} samples, {@code 1 <= count < size}.
     *
     * @throws IllegalArgumentException for a count that leaves either part empty
     */
    public static HeldOutSplit count(long size, long count, long seed) {
        if (size < 2 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a held-out split needs 2 to " + Integer.MAX_VALUE + " samples, got " + size);
        }
        if (count < 1 || count >= size) {
            throw new IllegalArgumentException("holding out " + count + " of " + size
                    + " samples leaves " + (count < 1 ? "nothing held out" : "nothing to train on")
                    + "; hold out 1 to " + (size - 1));
        }
        int n = (int) size;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long[] chosen = new long[(int) count];
        for (int i = 0; i < count; i++) {
            chosen[i] = order[i];
        }
        Arrays.sort(chosen);
        return new HeldOutSplit(size, seed, chosen);
    }

    /**
     * Parses a held-out amount: a fraction {@code 0 < F < 1} (written with a decimal point, e.g.
     * {@code 0.1}) or a whole number of samples (e.g. {@code 500}).
     *
     * @throws IllegalArgumentException for anything else, or an amount that leaves either part empty
     */
    public static HeldOutSplit parse(String amount, long size, long seed) {
        String s = amount == null ? "" : amount.trim();
        if (s.matches("[0-9]+")) {
            try {
                return count(size, Long.parseLong(s), seed);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the held-out count " + s + " is too large");
            }
        }
        double f;
        try {
            f = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the held-out amount must be a fraction 0 < F < 1 or a whole number of"
                    + " samples, got '" + amount + "'");
        }
        return fraction(size, f, seed);
    }

    /** The number of samples split. */
    public long size() {
        return size;
    }

    /** The seed of the shuffle. */
    public long seed() {
        return seed;
    }

    /** The held-out indices, ascending (a copy). */
    public long[] heldOutIndices() {
        return heldOut.clone();
    }

    /** The training indices, ascending (a copy): every index not held out. */
    public long[] trainingIndices() {
        return training.clone();
    }

    /** The held-out samples of {@code data} (with their labels), as a new object the caller closes. */
    public LoadedData heldOut(LoadedData data) {
        return select(data, heldOut, "held out");
    }

    /** The samples of {@code data} not held out, as a new object the caller closes. */
    public LoadedData training(LoadedData data) {
        return select(data, training, "training part");
    }

    private LoadedData select(LoadedData data, long[] indices, String part) {
        if (data.size() != size) {
            throw new IllegalArgumentException(data.origin() + " has " + data.size() + " samples; this split is of "
                    + size);
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor index = Tensors.fromLongs(indices);
            Tensor x = torch.index_select(data.features(), 0, index);
            Tensor y = data.labels() == null ? null : torch.index_select(data.labels(), 0, index);
            return LoadedData.of(x, y, data.origin() + " (" + part + ": " + indices.length + " of " + size + ")");
        }
    }

    /**
     * Writes the split as Java properties: {@code seed}, {@code size}, {@code held_out_count} and
     * {@code held_out_indices} (ascending, comma-separated), atomically.
     */
    public void write(Path file) {
        StringBuilder text = new StringBuilder("# dann4j held-out split: java.util.Random(seed) Fisher-Yates shuffle of"
                + " 0..size-1, the first held_out_count held out\n");
        text.append("seed=").append(seed).append('\n');
        text.append("size=").append(size).append('\n');
        text.append("held_out_count=").append(heldOut.length).append('\n');
        text.append("held_out_indices=");
        for (int i = 0; i < heldOut.length; i++) {
            text.append(i == 0 ? "" : ",").append(heldOut[i]);
        }
        text.append('\n');
        AtomicFiles.writeString(file, text.toString());
    }

    /**
     * Reads a split {@link #write} wrote and checks it: the indices ascending, distinct, within
     * {@code 0..size-1} and as many as {@code held_out_count} (the seed is recorded, not replayed).
     *
     * @throws IllegalArgumentException for a file that is not such a split
     */
    public static HeldOutSplit read(Path file) {
        Properties p = PropertiesFiles.read(file, 64, "a held-out split");
        try {
            long size = Long.parseLong(p.getProperty("size", ""));
            long seed = Long.parseLong(p.getProperty("seed", ""));
            int count = Integer.parseInt(p.getProperty("held_out_count", ""));
            String list = p.getProperty("held_out_indices", "");
            long[] indices = list.isEmpty() ? new long[0] : Arrays.stream(list.split(",")).mapToLong(Long::parseLong).toArray();
            if (size < 2 || size > Integer.MAX_VALUE || indices.length != count || count < 1 || count >= size) {
                throw new IllegalArgumentException(file + ": " + indices.length + " held-out indices, held_out_count "
                        + count + ", size " + size + " do not make a split");
            }
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= size || (i > 0 && indices[i] <= indices[i - 1])) {
                    throw new IllegalArgumentException(file + ": held-out index " + indices[i]
                            + " is out of order or outside 0.." + (size - 1));
                }
            }
            return new HeldOutSplit(size, seed, indices);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": not a held-out split (" + e.getMessage() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeldOutSplit s && s.size == size && s.seed == seed && Arrays.equals(s.heldOut, heldOut);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(heldOut);
    }

    @Override
    public String toString() {
        return heldOut.length + " of " + size + " samples held out (seed " + seed + ")";
    }
}
