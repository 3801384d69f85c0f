package io.github.dann4j.robustness;

import static io.github.dann4j.robustness.HostileFilesTest.MODES;

import io.github.dann4j.robustness.HostileCorpus.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link HostileFilesTest} reports of a campaign: the table by class printed to stdout (cases,
 * refused, loaded, crashes, hangs, code executed, worst peak RSS and the file that reached it) and
 * every file's outcome in every mode, written to {@code target/hostile-files.tsv}
 * ({@code hostile-files-per-file.tsv} for one JVM per file).
 */
final class HostileReport {
    /** class -> cases, refused, loaded, crashes, hangs, executed, peak */
    private final Map<String, long[]> table = new TreeMap<>();
    private final Map<String, String> worstFile = new TreeMap<>();
    private final StringBuilder grid =
            new StringBuilder("file\tclass\tmode\tmust\toutcome\tmillis\tpeak_mb\tgrowth_mb\ttext\n");

    /** Counts one corpus file's outcome in one mode, which {@code must} "load", "refuse" or either. */
    void add(String mode, String name, Entry e, String must, HostileOutcome o) {
        grid.append(String.join("\t", name, e.klass(), mode, must, o.status, Long.toString(o.millis),
                Long.toString(o.peakRssKb / 1024), o.growthKb < 0 ? "-" : Long.toString(o.growthKb / 1024),
                HostileChecks.abbreviate(o.text.replace('\t', ' ')))).append('\n');
        long[] row = table.computeIfAbsent(e.klass(), k -> new long[7]);
        row[0]++;
        if (!o.sentinels.isEmpty()) {
            row[5]++;
        }
        if (o.peakRssKb > row[6]) {
            row[6] = o.peakRssKb;
            worstFile.put(e.klass(), mode + " " + name);
        }
        switch (o.status) {
            case "REFUSED" -> row[1]++;
            case "LOADED" -> row[2]++;
            case "CRASH" -> row[3]++;
            case "HANG" -> row[4]++;
            default -> {}
        }
    }

    void print(List<String> notes, List<String> failures, double seconds, boolean perFile) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nhostile files (%s), %d ways of loading, %.1f s%n",
                perFile ? "one JVM per file" : "one JVM per way", MODES.size(), seconds));
        b.append(String.format(Locale.ROOT, "%-16s %6s %8s %7s %8s %6s %9s %9s  %s%n", "class", "cases", "refused",
                "loaded", "crashes", "hangs", "executed", "peak MB", "worst file"));
        long[] total = new long[7];
        for (Map.Entry<String, long[]> e : table.entrySet()) {
            long[] r = e.getValue();
            b.append(String.format(Locale.ROOT, "%-16s %6d %8d %7d %8d %6d %9d %9d  %s%n", e.getKey(), r[0], r[1], r[2],
                    r[3], r[4], r[5], r[6] / 1024, worstFile.getOrDefault(e.getKey(), "")));
            for (int i = 0; i < 6; i++) {
                total[i] += r[i];
            }
            total[6] = Math.max(total[6], r[6]);
        }
        b.append(String.format(Locale.ROOT, "%-16s %6d %8d %7d %8d %6d %9d %9d%n", "all", total[0], total[1], total[2],
                total[3], total[4], total[5], total[6] / 1024));
        b.append(failures.size()).append(" failures\n");
        for (String n : notes) {
            b.append("note: ").append(n).append('\n');
        }
        System.out.print(b);
        System.out.flush();
    }

    /** Every file's outcome in every mode, for reading after a run (target/ under Maven). */
    void write(boolean perFile) throws IOException {
        Path report = Path.of("target", "hostile-files" + (perFile ? "-per-file" : "") + ".tsv");
        if (Files.isDirectory(report.getParent())) {
            Files.writeString(report, grid);
            System.out.println("outcomes of every file in every mode: " + report.toAbsolutePath());
        }
    }
}
