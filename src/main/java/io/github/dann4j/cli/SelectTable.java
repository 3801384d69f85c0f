package io.github.dann4j.cli;

import io.github.dann4j.report.RunProperties;
import io.github.dann4j.select.Ranking;
import io.github.dann4j.select.Validator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The select command's table: one row a run (its settings, each validator's score), each validator's choice. */
final class SelectTable {
    /** The run.properties settings shown beside each run, as option names. */
    static final List<String> SETTINGS = List.of("steps", "lambda", "lr", "source-only", "seed");

    /** One scored run; {@code accuracy} NaN without --target-labels. */
    record Row(Path run, List<String> settings, double[] scores, double accuracy) {
    }

    private final List<Validator> validators;
    private final List<Row> rows;
    private final boolean withAccuracy;

    SelectTable(List<Validator> validators, List<Row> rows, boolean withAccuracy) {
        this.validators = validators;
        this.rows = rows;
        this.withAccuracy = withAccuracy;
    }

    /** The settings of a run from its run.properties ("-" where it has none, or no such file). */
    static List<String> settings(Path run) {
        Path file = run.resolve(RunProperties.FILE_NAME);
        Map<String, String> p = Files.isRegularFile(file) ? RunProperties.read(file) : Map.of();
        List<String> out = new ArrayList<>();
        for (String s : SETTINGS) {
            out.add(p.getOrDefault("setting." + s, "-"));
        }
        return out;
    }

    private double[] column(int v) {
        return rows.stream().mapToDouble(r -> r.scores()[v]).toArray();
    }

    private double[] accuracies() {
        return rows.stream().mapToDouble(Row::accuracy).toArray();
    }

    /** The run each validator chooses, -1 for none. */
    int chosen(int v) {
        return Ranking.best(column(v), validators.get(v).direction());
    }

    void print(PrintWriter out, long targetSamples, long sourceValidationSamples) {
        out.printf(Locale.ROOT, "scored %d runs on %d target samples%s%n", rows.size(), targetSamples, sourceValidationSamples > 0
                ? String.format(Locale.ROOT, " and %d held-out source samples (validation half)", sourceValidationSamples) : "");
        int width = Math.max(3, rows.stream().mapToInt(r -> r.run().toString().length()).max().orElse(3));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "run"));
        SETTINGS.forEach(s -> head.append(String.format(Locale.ROOT, "  %-14s", s)));
        validators.forEach(v -> head.append(String.format(Locale.ROOT, "  %15s", v.name())));
        if (withAccuracy) {
            head.append("  target-accuracy");
        }
        out.println(head);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", r.run()));
            r.settings().forEach(s -> line.append(String.format(Locale.ROOT, "  %-14s", s)));
            for (double score : r.scores()) {
                line.append(String.format(Locale.ROOT, "  %15.4f", score));
            }
            if (withAccuracy) {
                line.append(String.format(Locale.ROOT, "  %15.4f", r.accuracy()));
            }
            out.println(line);
        }
        out.println(withAccuracy ? "validator        better  chooses (target accuracy of the choice, of the best run;"
                + " Spearman's rho of the score oriented higher-is-better with accuracy)" : "validator        better  chooses");
        double best = withAccuracy ? java.util.Arrays.stream(accuracies()).max().orElse(Double.NaN) : Double.NaN;
        for (int v = 0; v < validators.size(); v++) {
            Validator validator = validators.get(v);
            int c = chosen(v);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %-7s %s", validator.name(),
                    validator.direction().word(), c < 0 ? "-" : rows.get(c).run()));
            if (withAccuracy && c >= 0) {
                line.append(String.format(Locale.ROOT, "  accuracy %.4f (best %.4f)  rho %s", rows.get(c).accuracy(), best,
                        format(spearman(v))));
            }
            out.println(line);
        }
    }

    /**
     * The scatter of each validator's scores against the target accuracies (with labels only),
     * to {@code file}; a run is source-only when its run.properties says so.
     */
    void plot(java.nio.file.Path file) {
        List<io.github.dann4j.plot.SelectionScatter.Panel> panels = new ArrayList<>();
        for (int v = 0; v < validators.size(); v++) {
            if (chosen(v) >= 0) {
                panels.add(new io.github.dann4j.plot.SelectionScatter.Panel(validators.get(v).name(),
                        validators.get(v).direction().word(), column(v), spearman(v), chosen(v)));
            }
        }
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("--plot: no validator gave a finite score to any run");
        }
        int sourceOnlyColumn = SETTINGS.indexOf("source-only");
        boolean[] sourceOnly = new boolean[rows.size()];
        for (int i = 0; i < sourceOnly.length; i++) {
            sourceOnly[i] = "true".equals(rows.get(i).settings().get(sourceOnlyColumn));
        }
        io.github.dann4j.plot.SelectionScatter.save(panels, accuracies(), sourceOnly, file);
    }

    /** Spearman's rho of validator {@code v}'s oriented scores with the target accuracies. */
    double spearman(int v) {
        double[] oriented = column(v);
        for (int i = 0; i < oriented.length; i++) {
            oriented[i] = validators.get(v).direction().oriented(oriented[i]);
        }
        return Ranking.spearman(oriented, accuracies());
    }

    private static String format(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%+.3f", x);
    }

    /** The table as CSV: a row per run, the settings, the scores, target accuracy (with labels), and the validators that chose it. */
    String csv() {
        StringBuilder text = new StringBuilder("run");
        SETTINGS.forEach(s -> text.append(',').append(s.replace('-', '_')));
        validators.forEach(v -> text.append(',').append(v.name().replace('-', '_')));
        if (withAccuracy) {
            text.append(",target_accuracy");
        }
        text.append(",chosen_by\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            text.append(quote(r.run().toString()));
            r.settings().forEach(s -> text.append(',').append(quote(s)));
            for (double score : r.scores()) {
                text.append(',').append(score);
            }
            if (withAccuracy) {
                text.append(',').append(r.accuracy());
            }
            List<String> by = new ArrayList<>();
            for (int v = 0; v < validators.size(); v++) {
                if (chosen(v) == i) {
                    by.add(validators.get(v).name());
                }
            }
            text.append(',').append(String.join(" ", by)).append('\n');
        }
        return text.toString();
    }

    /** A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
    private static String quote(String field) {
        return field.matches("(?s).*[,\"\\r\\n].*") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
