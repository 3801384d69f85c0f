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

/** Per-step metrics as CSV: one row per step and run. NaN (source-only runs) is written as an empty cell. */
final class MetricsCsv {
    private MetricsCsv() {}

    /** Writes atomically: an existing file is replaced whole or not at all. */
    static void write(Path file, Map<String, List<StepMetrics>> runs) {
        io.github.dann4j.internal.AtomicFiles.write(file, temporary -> writeTo(temporary, runs));
    }

    private static void writeTo(Path file, Map<String, List<StepMetrics>> runs) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("run,step,loss,label_loss,domain_loss,domain_accuracy,lambda,learning_rate\n");
            for (Map.Entry<String, List<StepMetrics>> run : runs.entrySet()) {
                for (StepMetrics m : run.getValue()) {
                    out.write(run.getKey() + "," + m.step() + "," + cell(m.loss()) + "," + cell(m.labelLoss()) + ","
                            + cell(m.domainLoss()) + "," + cell(m.domainAccuracy()) + "," + cell(m.lambda()) + ","
                            + cell(m.learningRate()) + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + Messages.of(e), e);
        }
    }

    private static String cell(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }
}
