package io.github.dann4j.cli;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.report.RunProperties;
import io.github.dann4j.train.DomainLabels;
import io.github.dann4j.train.Evaluation;
import io.github.dann4j.train.TensorDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;
import picocli.CommandLine;

/**
 * train's options for several labelled source domains, checked together: --source repeated, a
 * --source-labels for none or each, --source-batch-size as one size or one per source, and
 * --domain-labels. With one --source everything is as before.
 *
 * @param labels        each source's labels file (null: found beside the data)
 * @param batchSizes    each source's batch size
 * @param domainLabels  merged or per-domain
 */
record MultiSourceOptions(List<Path> labels, int[] batchSizes, DomainLabels domainLabels) {

    /**
     * @param sourceBatchSize --source-batch-size as given (null: --batch-size for every source)
     * @throws CommandLine.ParameterException (one line) for options that do not fit the sources
     */
    static MultiSourceOptions check(CommandLine cli, List<Path> sources, List<Path> sourceLabels, String sourceBatchSize,
            int batchSize, String domainLabels, SelectionOptions selection, int world) {
        int k = sources.size();
        List<Path> labels;
        try {
            labels = labelsPerSource(sources, sourceLabels);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        int[] sizes = batchSizes(cli, sourceBatchSize, batchSize, k);
        DomainLabels parsed;
        try {
            parsed = DomainLabels.parse(domainLabels);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--" + e.getMessage().replace("the domain labels", "domain-labels"));
        }
        if (k > 1 && (selection.selecting() || selection.holdOutSource != null)) {
            throw new CommandLine.ParameterException(cli, "--select-by and --hold-out-source take one --source; this run has "
                    + k + " (select afterwards with dann4j select)");
        }
        if (k > 1 && world > 1) {
            throw new CommandLine.ParameterException(cli, "data-parallel training takes one --source; this run has " + k);
        }
        return new MultiSourceOptions(labels, sizes, parsed);
    }

    /**
     * --source-labels as one entry per source: none given, a list of nulls.
     *
     * @throws IllegalArgumentException unless none or exactly one per --source were given
     */
    static List<Path> labelsPerSource(List<Path> sources, List<Path> sourceLabels) {
        if (sourceLabels == null || sourceLabels.isEmpty()) {
            return Collections.nCopies(sources.size(), null);
        }
        if (sourceLabels.size() != sources.size()) {
            throw new IllegalArgumentException("--source-labels: give none or one per --source (" + sources.size()
                    + "), in the same order; got " + sourceLabels.size());
        }
        return List.copyOf(sourceLabels);
    }

    private static int[] batchSizes(CommandLine cli, String text, int batchSize, int sources) {
        if (text == null) {
            int[] all = new int[sources];
            Arrays.fill(all, batchSize);
            return all;
        }
        String[] parts = text.split(",", -1);
        if (parts.length != 1 && parts.length != sources) {
            throw new CommandLine.ParameterException(cli, "--source-batch-size takes one size or one per --source ("
                    + sources + "), got '" + text + "'");
        }
        int[] sizes = new int[sources];
        for (int i = 0; i < sources; i++) {
            String part = parts[parts.length == 1 ? 0 : i].trim();
            try {
                sizes[i] = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cli, "--source-batch-size must be whole numbers, got '" + text + "'");
            }
            if (sizes[i] < 1) {
                throw new CommandLine.ParameterException(cli, "batch sizes must be at least 1, got " + sizes[i]);
            }
        }
        return sizes;
    }

    /** Source k's batch size. */
    int batchSize(int k) {
        return batchSizes[k];
    }

    @Override
    public int[] batchSizes() {
        return batchSizes.clone();
    }

    /**
     * With several sources, prints and records the accuracy on each source after the first
     * ({@code source_K_accuracy}); nothing with one.
     */
    static void reportOtherSources(DannModel model, List<TensorDataset> sets, List<Path> files, int batch, Device device,
            ScalarType dtype, PrintWriter out, RunProperties run) {
        for (int k = 1; k < sets.size(); k++) {
            double accuracy = Evaluation.accuracy(model, sets.get(k), batch, device, dtype);
            run.result("source_" + k + "_accuracy", accuracy);
            out.printf(Locale.ROOT, "source %d accuracy (training data, %s) %.4f%n", k, files.get(k), accuracy);
        }
    }

    /** The per-source columns of metrics.csv for {@code sources} sources (none for one). */
    static List<String> columns(int sources) {
        List<String> names = new ArrayList<>();
        if (sources < 2) {
            return names;
        }
        for (int k = 0; k < sources; k++) {
            names.add("source_" + k + "_label_loss");
        }
        for (int k = 0; k < sources; k++) {
            names.add("source_" + k + "_domain_accuracy");
        }
        names.add("target_domain_accuracy");
        return names;
    }
}
