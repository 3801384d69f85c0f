package io.github.dann4j.cli;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.train.StepMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Per-step metrics as CSV: one row per step and run. NaN (source-only runs) is written as an empty
 * cell. A run with several sources adds each domain's metrics at the end of the row
 * ({@link MultiSourceOptions#columns}); with one source the columns are as they always were.
 */
final class MetricsCsv {
    private MetricsCsv() {}

    /** Writes atomically: an existing file is replaced whole or not at all. */
    static void write(Path file, Map<String, List<StepMetrics>> runs) {
        io.github.dann4j.internal.AtomicFiles.write(file, temporary -> writeTo(temporary, runs));
    }

    private static void writeTo(Path file, Map<String, List<StepMetrics>> runs) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int sources = 0;
            for (List<StepMetrics> run : runs.values()) {
                for (StepMetrics m : run) {
                    sources = Math.max(sources, m.domains().sources());
                }
            }
            List<String> perDomain = MultiSourceOptions.columns(sources);
            out.write("run,step,loss,label_loss,domain_loss,domain_accuracy,lambda,learning_rate"
                    + (perDomain.isEmpty() ? "" : "," + String.join(",", perDomain)) + "\n");
            for (Map.Entry<String, List<StepMetrics>> run : runs.entrySet()) {
                for (StepMetrics m : run.getValue()) {
                    out.write(run.getKey() + "," + m.step() + "," + cell(m.loss()) + "," + cell(m.labelLoss()) + ","
                            + cell(m.domainLoss()) + "," + cell(m.domainAccuracy()) + "," + cell(m.lambda()) + ","
                            + cell(m.learningRate()) + perDomainCells(m, perDomain.isEmpty() ? 0 : sources) + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + Messages.of(e), e);
        }
    }

    /** {@code sources} label losses then sources + 1 domain accuracies, each after a comma; empty cells where unmeasured. */
    private static String perDomainCells(StepMetrics m, int sources) {
        StringBuilder row = new StringBuilder();
        List<Double> losses = m.domains().sourceLabelLoss();
        List<Double> accuracies = m.domains().domainAccuracy();
        for (int k = 0; k < sources; k++) {
            row.append(',').append(k < losses.size() ? cell(losses.get(k)) : "");
        }
        for (int k = 0; k <= (sources == 0 ? -1 : sources); k++) {
            row.append(',').append(k < accuracies.size() ? cell(accuracies.get(k)) : "");
        }
        return row.toString();
    }

    private static String cell(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }
}
