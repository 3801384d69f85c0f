package io.github.dann4j.robustness;

import static io.github.dann4j.robustness.HostileFilesTest.GROWTH_LIMIT_MB;
import static io.github.dann4j.robustness.HostileFilesTest.RSS_LIMIT_MB;
import static io.github.dann4j.robustness.HostileFilesTest.SENTINEL;
import static io.github.dann4j.robustness.HostileFilesTest.TORCHSCRIPT_MS;

import io.github.dann4j.robustness.HostileCorpus.Entry;
import io.github.dann4j.robustness.HostileCorpus.Expected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@link HostileFilesTest} demands of each outcome, each failure added as one line to a list:
 * the control loads; a file is refused or loads as the manifest says, with a non-empty message or
 * the expected tensors; no code runs (no sentinel file appears); TorchScript is refused quickly; the
 * peak RSS and its growth stay within bounds; no crash, no hang, no {@code hs_err} file.
 */
final class HostileChecks {
    private HostileChecks() {}

    /** The control (a file written by dann4j itself) must load, or the mode's refusals prove nothing. */
    static void control(String where, HostileOutcome o, List<String> failures) {
        if (!o.status.equals("LOADED")) {
            failures.add(where + "the control (a file written by dann4j itself) did not load (" + o.status
                    + " " + o.text + "): the mode cannot load anything, so its refusals prove nothing");
        }
    }

    /** One corpus file in one mode, which {@code must} "load", "refuse" or either. */
    static void file(String where, String mode, Entry e, String must, HostileOutcome o, List<Expected> expected,
            List<String> failures) {
        if (!o.sentinels.isEmpty()) {
            failures.add(where + "CODE EXECUTED: " + o.sentinels + " appeared while it was loaded");
        }
        if (o.peakRssKb > RSS_LIMIT_MB * 1024) {
            failures.add(where + "peak RSS " + o.peakRssKb / 1024 + " MB over " + RSS_LIMIT_MB + " MB");
        }
        if (o.growthKb > GROWTH_LIMIT_MB * 1024) {
            failures.add(where + "RSS grew by " + o.growthKb / 1024 + " MB while it was loaded (to "
                    + o.peakRssKb / 1024 + " MB), over " + GROWTH_LIMIT_MB + " MB");
        }
        switch (o.status) {
            case "REFUSED" -> {
                if (must.equals("load")) {
                    failures.add(where + "must load, was refused: " + o.text);
                } else if (o.text.isBlank()) {
                    failures.add(where + "refused with an empty message");
                }
                if (e.klass().equals("torchscript") && o.millis >= TORCHSCRIPT_MS) {
                    failures.add(where + "took " + o.millis + " ms to refuse a TorchScript archive");
                }
            }
            case "LOADED" -> {
                if (must.equals("refuse")) {
                    failures.add(where + "LOADED but must be refused (" + e.description() + "): "
                            + abbreviate(o.text));
                } else {
                    String wrong = checkValues(mode, o.text, expected);
                    if (wrong != null) {
                        failures.add(where + "loaded WRONG VALUES: " + wrong);
                    }
                }
            }
            case "CRASH" -> failures.add(where + "JVM CRASH: " + o.text);
            case "HANG" -> failures.add(where + "HANG: " + o.text);
            case "FAILED" -> failures.add(where + "not a clean refusal: " + o.text);
            default -> failures.add(where + o.status);
        }
    }

    /**
     * After all of one mode's children: sentinel files not already charged to a file ({@code reported})
     * and JVM crash reports, in the mode's working folder (and, for sentinels, in the corpus).
     */
    static void way(String mode, Path work, Path corpus, Set<String> reported, List<String> failures)
            throws IOException {
        List<String> sentinels = sentinels(work, corpus);
        List<String> hsErrs = hsErrFiles(work);
        for (String s : sentinels) {
            if (!reported.contains(s)) {
                failures.add(mode + ": CODE EXECUTED: " + s + " appeared (not while a file was loaded: a process "
                        + "started by one, or a crash before the check)");
            }
        }
        if (!hsErrs.isEmpty()) {
            failures.add(mode + ": hs_err files (JVM crash reports) " + hsErrs);
        }
    }

    static List<String> sentinels(Path work, Path corpus) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : List.of(work, corpus)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SENTINEL)).forEach(found::add);
            }
        }
        return found;
    }

    static List<String> hsErrFiles(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hs_err")).toList();
        }
    }

    /** null when the runner's summary matches the expected tensors; otherwise what differs. */
    static String checkValues(String mode, String summary, List<Expected> expected) {
        if (!mode.equals("load") && !mode.equals("into")) {
            return null; // the CLI reports only its exit status
        }
        if (expected == null) {
            return "no expected values recorded";
        }
        String[] tensors = summary.isEmpty() ? new String[0] : summary.split(";");
        if (tensors.length != expected.size()) {
            return tensors.length + " tensors, expected " + expected.size() + ": " + abbreviate(summary);
        }
        // into: the model's tensors, in the model's order, converted to its float32
        boolean converted = mode.equals("into");
        Map<String, Expected> byKey = new LinkedHashMap<>();
        for (Expected x : expected) {
            byKey.put(x.key(), x);
        }
        for (int i = 0; i < tensors.length; i++) {
            String[] f = tensors[i].split("\\|", -1);
            if (f.length != 6) {
                return "bad summary " + tensors[i];
            }
            Expected x = converted ? byKey.get(f[0]) : expected.get(i);
            if (x == null || !f[0].equals(x.key())) {
                return "key " + i + " is " + f[0] + ", expected " + (converted ? "one of " + byKey.keySet()
                        : expected.get(i).key() + " (the file's order)");
            }
            if (!converted && !f[1].equals(x.dtype())) {
                return x.key() + " has dtype " + f[1] + ", expected " + x.dtype();
            }
            if (!f[2].equals(x.shape())) {
                return x.key() + " has shape " + f[2] + ", expected " + x.shape();
            }
            double tolerance = (converted ? 1e-6 : 1e-9) * Math.max(1, x.absSum());
            double sum = Double.parseDouble(f[3]);
            double absSum = Double.parseDouble(f[4]);
            if (!(Math.abs(sum - x.sum()) <= tolerance) || !(Math.abs(absSum - x.absSum()) <= tolerance)) {
                return x.key() + " sums to " + sum + " (abs " + absSum + "), expected " + x.sum() + " (abs "
                        + x.absSum() + ")";
            }
            double[] first = f[5].equals("-") ? new double[0]
                    : java.util.Arrays.stream(f[5].split(",")).mapToDouble(Double::parseDouble).toArray();
            if (first.length != x.first().length) {
                return x.key() + " lists " + first.length + " first values, expected " + x.first().length;
            }
            for (int j = 0; j < first.length; j++) {
                double want = converted ? (double) (float) x.first()[j] : x.first()[j];
                if (Double.compare(first[j], want) != 0) {
                    return x.key() + "[" + j + "] is " + first[j] + ", expected " + want;
                }
            }
        }
        return null;
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
