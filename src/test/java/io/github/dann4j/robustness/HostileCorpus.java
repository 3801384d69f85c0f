package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The crafted-file corpus of {@link HostileFilesTest} as the test reads it: {@code MANIFEST.tsv}
 * (what each file is and what must happen to it), {@code EXPECTED.tsv} (the tensors of the files
 * that must load), the files themselves (unpacked from their {@code .gz} resources) and what must
 * happen to each file in each way of loading.
 */
final class HostileCorpus {
    private HostileCorpus() {}

    /** One line of {@code MANIFEST.tsv}. */
    record Entry(String file, String stored, String klass, String kind, String expected, boolean fits,
            String armed, String description) {}

    /** One line of {@code EXPECTED.tsv}: a tensor a file that must load holds. */
    record Expected(String key, String dtype, String shape, double sum, double absSum, double[] first) {}

    static Path resourceDir() throws URISyntaxException {
        return Path.of(HostileCorpus.class.getResource("/hostile/MANIFEST.tsv").toURI()).getParent();
    }

    static List<Entry> manifest() throws Exception {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(resourceDir().resolve("MANIFEST.tsv"));
        assertTrue(lines.get(0).startsWith("file\tstored\tclass\tkind\texpected\tfits\tarmed"), lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            entries.add(new Entry(f[0], f[1], f[2], f[3], f[4], f[5].equals("yes"), f[6], f[8]));
        }
        assertTrue(entries.size() >= 100, "the corpus has only " + entries.size() + " files");
        return entries;
    }

    static Map<String, List<Expected>> expectedValues() throws Exception {
        Map<String, List<Expected>> byFile = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(resourceDir().resolve("EXPECTED.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            double[] first = f[6].equals("-") ? new double[0]
                    : java.util.Arrays.stream(f[6].split(",")).mapToDouble(HostileCorpus::parsePython).toArray();
            byFile.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Expected(f[1], f[2], f[3],
                    parsePython(f[4]), parsePython(f[5]), first));
        }
        return byFile;
    }

    /** Python's repr of a float or int as a double. */
    static double parsePython(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            case "True" -> 1;
            case "False" -> 0;
            default -> Double.parseDouble(text);
        };
    }

    /** The corpus in a folder of its own, .gz resources unpacked. */
    static Path unpack(Path dir, List<Entry> entries) throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        for (Entry e : entries) {
            Path source = resourceDir().resolve(e.stored());
            if (e.stored().endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(source))) {
                    Files.copy(in, corpus.resolve(e.file()));
                }
            } else {
                Files.copy(source, corpus.resolve(e.file()));
            }
        }
        return corpus;
    }

    /** What must happen to an entry in a mode: load, refuse or either. */
    static String expectation(Entry e, String mode) {
        return switch (mode) {
            case "load" -> e.kind().equals("state_dict") ? e.expected() : "refuse";
            case "into", "cli-evaluate", "cli-init" -> e.kind().equals("state_dict") && e.fits() ? e.expected() : "refuse";
            // No file of the corpus is a checkpoint that may load: the control case is.
            case "checkpoint", "cli-resume" -> "refuse";
            default -> throw new IllegalArgumentException(mode);
        };
    }
}
