package io.github.dann4j.select;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.PropertiesFiles;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code selection.properties}, what {@link BestCheckpoint} records beside the model it keeps:
 * {@code validator}, {@code direction} ({@code higher} or {@code lower} is better),
 * {@code best_step} and {@code best_score}, {@code scored_steps} (comma-separated) and one
 * {@code score.<step>} per scored step (scores written with {@link Double#toString}, so they
 * read back exactly), and how they were computed: {@code max_samples}, {@code batch_size},
 * {@code device}, {@code target}, {@code source} (absent without held-out source data). Java
 * properties syntax, UTF-8, keys in this order.
 *
 * @param bestStep  the chosen step, -1 when no score was finite
 * @param bestScore its score, NaN when none
 * @param scores    every scored step's score, by step
 * @param source    how the held-out source data was named, or null
 */
public record SelectionRecord(String validator, Direction direction, long bestStep, double bestScore,
        SortedMap<Long, Double> scores, int maxSamples, int batchSize, String device, String target, String source) {

    /** Copies {@code scores}. */
    public SelectionRecord {
        scores = Collections.unmodifiableSortedMap(new TreeMap<>(scores));
    }

    /** Writes the record atomically. */
    public void write(Path file) {
        StringBuilder text = new StringBuilder("# dann4j model selection during training (target labels not read)\n");
        line(text, "validator", validator);
        line(text, "direction", direction.word());
        line(text, "best_step", Long.toString(bestStep));
        line(text, "best_score", Double.toString(bestScore));
        line(text, "max_samples", Integer.toString(maxSamples));
        line(text, "batch_size", Integer.toString(batchSize));
        line(text, "device", device);
        line(text, "target", target);
        if (source != null) {
            line(text, "source", source);
        }
        StringBuilder steps = new StringBuilder();
        for (long step : scores.keySet()) {
            steps.append(steps.length() == 0 ? "" : ",").append(step);
        }
        line(text, "scored_steps", steps.toString());
        scores.forEach((step, score) -> line(text, "score." + step, Double.toString(score)));
        AtomicFiles.writeString(file, text);
    }

    private static void line(StringBuilder text, String key, String value) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> escaped.append(c);
            }
        }
        if (escaped.length() > 0 && escaped.charAt(0) == ' ') {
            escaped.insert(0, '\\');
        }
        text.append(key).append('=').append(escaped).append('\n');
    }

    /**
     * Reads a record {@link #write} wrote.
     *
     * @throws IllegalArgumentException for a file that is not one (missing keys, unparsable
     *     numbers, a scored step without its score, a best step that was not scored)
     */
    public static SelectionRecord read(Path file) {
        Properties p = PropertiesFiles.read(file, 16, "a selection record");
        try {
            String dir = required(p, "direction", file);
            Direction direction = switch (dir.toLowerCase(Locale.ROOT)) {
                case "higher" -> Direction.HIGHER_IS_BETTER;
                case "lower" -> Direction.LOWER_IS_BETTER;
                default -> throw new IllegalArgumentException(file + ": direction must be higher or lower, got " + dir);
            };
            SortedMap<Long, Double> scores = new TreeMap<>();
            String steps = required(p, "scored_steps", file);
            if (!steps.isEmpty()) {
                for (String s : steps.split(",")) {
                    long step = Long.parseLong(s.trim());
                    scores.put(step, Double.parseDouble(required(p, "score." + step, file)));
                }
            }
            long bestStep = Long.parseLong(required(p, "best_step", file));
            if (bestStep >= 0 && !scores.containsKey(bestStep)) {
                throw new IllegalArgumentException(file + ": best_step " + bestStep + " is not among scored_steps");
            }
            return new SelectionRecord(required(p, "validator", file), direction, bestStep,
                    Double.parseDouble(required(p, "best_score", file)), scores,
                    Integer.parseInt(required(p, "max_samples", file)), Integer.parseInt(required(p, "batch_size", file)),
                    required(p, "device", file), required(p, "target", file), p.getProperty("source"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": not a selection record (" + e.getMessage() + ")");
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": not a selection record (no " + key + ")");
        }
        return v;
    }
}
