package io.github.dann4j.report;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.model.ModelDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One self-contained HTML page for a run folder (written by {@code dann4j train} or {@code demo}):
 * the final accuracies, every figure inline ({@code data:} URIs), the metrics table (metrics.csv
 * decimated to at most 50 rows a run and its last), the configuration (run.properties and
 * model.properties) and the versions. It fetches nothing (no scripts, fonts, or style sheets from
 * elsewhere; a Content-Security-Policy forbids it), so it opens offline and can be mailed whole.
 * Everything read from the folder is HTML-escaped; inputs over {@link Limits} are refused.
 *
 * <pre>{@code
 * RunReport.write(Path.of("dann4j-run"), Path.of("dann4j-run/report.html"));
 * }</pre>
 */
public final class RunReport {
    /** The default name of the page in the run folder. */
    public static final String FILE_NAME = "report.html";

    /**
     * Bounds on what a report reads: figures of at most {@code maxFigureBytes} each and at most
     * {@code maxFigures} of them, metrics.csv of at most {@code maxMetricsRows} rows.
     */
    public record Limits(long maxFigureBytes, int maxFigures, long maxMetricsRows) {
        /** 16 MiB a figure, 64 figures, 5,000,000 metrics rows. */
        public static final Limits DEFAULTS = new Limits(16L << 20, 64, 5_000_000);

        /** Checks the bounds are positive. */
        public Limits {
            if (maxFigureBytes < 1 || maxFigures < 1 || maxMetricsRows < 1) {
                throw new IllegalArgumentException("report limits must be positive");
            }
        }
    }

    private RunReport() {}

    /** Writes the report of {@code runFolder} to {@code output} atomically, with the default limits. */
    public static void write(Path runFolder, Path output) {
        write(runFolder, output, Limits.DEFAULTS);
    }

    /** Writes the report of {@code runFolder} to {@code output} atomically. */
    public static void write(Path runFolder, Path output, Limits limits) {
        String page = html(runFolder, limits);
        AtomicFiles.writeString(output, page);
    }

    /**
     * The report page of {@code runFolder}.
     *
     * @throws IllegalArgumentException for a folder that is missing or holds none of a run's
     *     outputs, or a file over the limits or not what its name says
     */
    public static String html(Path runFolder, Limits limits) {
        if (runFolder == null || !Files.isDirectory(runFolder)) {
            throw new IllegalArgumentException("the run folder " + runFolder + " does not exist or is not a folder");
        }
        Path runFile = runFolder.resolve(RunProperties.FILE_NAME);
        Path modelFile = runFolder.resolve("model.properties");
        Path metricsFile = runFolder.resolve("metrics.csv");
        Map<String, String> run = Files.isRegularFile(runFile) ? RunProperties.read(runFile) : Map.of();
        Map<String, String> model = Files.isRegularFile(modelFile) ? RunProperties.read(modelFile) : Map.of();
        MetricsTable metrics = Files.isRegularFile(metricsFile) ? MetricsTable.read(metricsFile, limits.maxMetricsRows()) : null;
        var figures = Figures.read(runFolder, limits);
        if (run.isEmpty() && model.isEmpty() && metrics == null && figures.isEmpty()) {
            throw new IllegalArgumentException(runFolder + " holds no run: none of run.properties, model.properties,"
                    + " metrics.csv or figures");
        }
        Path name = runFolder.toAbsolutePath().normalize().getFileName();
        String title = "dann4j run " + (name == null ? runFolder.toString() : name.toString());
        StringBuilder page = new StringBuilder(1 << 16);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
                        + " style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.text(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<h1>").append(Html.text(title)).append("</h1>\n<p class=\"meta\">")
                .append(Html.text(runFolder.toAbsolutePath().normalize().toString())).append(" &middot; report written ")
                .append(Html.text(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).append(" by dann4j ")
                .append(Html.text(ModelDescription.currentDann4jVersion())).append("</p>\n");

        boolean regression = "regression".equals(model.get("task"));
        page.append(regression ? "<section id=\"accuracies\">\n<h2>Final results</h2>\n<p>task: regression (MAE and RMSE;"
                + " lower is better)</p>\n" : "<section id=\"accuracies\">\n<h2>Final accuracies</h2>\n");
        StringBuilder results = new StringBuilder();
        run.forEach((k, v) -> {
            if (k.startsWith("result.")) {
                results.append(row(k.substring("result.".length()).replace('_', ' '), v));
            }
        });
        page.append(results.length() == 0 ? "<p>none recorded (no results in run.properties)</p>\n"
                : "<table>\n" + results + "</table>\n").append("</section>\n");

        page.append("<section id=\"figures\">\n<h2>Figures</h2>\n");
        if (figures.isEmpty()) {
            page.append("<p>no figures in the folder</p>\n");
        }
        for (var figure : figures) {
            page.append("<figure><img src=\"").append(figure.dataUri()).append("\" alt=\"").append(Html.text(figure.name()))
                    .append("\"><figcaption>").append(Html.text(figure.name())).append("</figcaption></figure>\n");
        }
        page.append("</section>\n");

        page.append("<section id=\"metrics\">\n<h2>Metrics</h2>\n");
        if (metrics == null) {
            page.append("<p>no metrics.csv</p>\n");
        } else {
            page.append("<p>").append(metrics.rows.size()).append(" of ").append(metrics.total)
                    .append(" rows of metrics.csv: evenly spaced steps of each run, and its last</p>\n").append(metrics.html());
        }
        page.append("</section>\n");

        page.append("<section id=\"configuration\">\n<h2>Configuration</h2>\n");
        page.append(table("run.properties", run, k -> !k.startsWith("result.") && !k.endsWith("_version")));
        page.append(table("model.properties", model, k -> !k.endsWith("_version")));
        page.append("</section>\n");

        page.append("<section id=\"versions\">\n<h2>Versions</h2>\n<table>\n");
        run.forEach((k, v) -> page.append(k.endsWith("_version") ? row("run: " + k.replace('_', ' '), v) : ""));
        model.forEach((k, v) -> page.append(k.endsWith("_version") ? row("model: " + k.replace('_', ' '), v) : ""));
        page.append(row("report: dann4j version", ModelDescription.currentDann4jVersion()));
        page.append("</table>\n</section>\n</body>\n</html>\n");
        return page.toString();
    }

    private static String table(String file, Map<String, String> values, java.util.function.Predicate<String> shown) {
        StringBuilder out = new StringBuilder("<h3>").append(Html.text(file)).append("</h3>\n");
        if (values.isEmpty()) {
            return out.append("<p>not in this folder</p>\n").toString();
        }
        out.append("<table>\n");
        values.forEach((k, v) -> out.append(shown.test(k) ? row(k, v) : ""));
        return out.append("</table>\n").toString();
    }

    private static String row(String key, String value) {
        return "<tr><th>" + Html.text(key) + "</th><td>" + Html.text(value) + "</td></tr>\n";
    }

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1.5em auto; max-width: 1100px; color: #222; padding: 0 1em; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; }
            h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.5em; }
            h3 { font-size: 1em; }
            .meta { color: #666; font-size: 0.85em; }
            table { border-collapse: collapse; font-size: 0.85em; }
            th, td { border: 1px solid #ddd; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
            table.metrics td { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { color: #666; font-size: 0.85em; }
            """;
}
