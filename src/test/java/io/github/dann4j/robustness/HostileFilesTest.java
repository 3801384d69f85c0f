package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crafted-file corpus of issue 20 ({@code src/test/resources/hostile/}, written by
 * {@code reference/make_hostile_files.py}; its {@code MANIFEST.tsv} says what each file is and what
 * must happen to it) goes through every way dann4j loads a file: {@code StateDict.load},
 * {@code StateDict.loadInto}, {@code DannTrainer.restoreCheckpoint}, and the CLI's
 * {@code evaluate --model}, {@code train --init} and {@code train --resume}. Each way runs in a child
 * JVM ({@link HostileFileRunner}, one JVM for all files of a way) in a fresh working directory, and
 * for every file:
 *
 * <ul>
 * <li>the outcome is the manifest's: a refusal with a non-empty one-line message (an
 *     {@code IllegalArgumentException}, or exit status 1 and one line on stderr), or a load whose
 *     tensors have the dtypes, shapes, sums and first values {@code EXPECTED.tsv} records;
 * <li>the JVM does not crash (no exit status 128 or more, no {@code hs_err_pid*.log}) and does not
 *     hang (no file takes longer than {@value #HANG_MS} ms);
 * <li>no {@code dann4j-sentinel-*} file appears: the files that would create one were shown, by the
 *     script, to create it when loaded by an unsafe loader;
 * <li>TorchScript archives are refused within {@value #TORCHSCRIPT_MS} ms (their code never runs);
 * <li>the child's resident memory stays below {@value #RSS_LIMIT_MB} MB, and grows by at most
 *     {@value #GROWTH_LIMIT_MB} MB while one file is loaded (not counted for a child's first file,
 *     which pays for the JVM's and libtorch's warm-up): {@code /proc/PID/status} is polled every
 *     {@value #POLL_MS} ms, and the highest VmRSS (or growth of VmHWM) seen while a file is being
 *     loaded is that file's peak. Measured here (2 December 2026, before the safe reader): a child
 *     that has loaded libtorch and the small model sits at 400-460 MB, the CLI modes at up to
 *     470 MB; the old reader inflated {@code bomb_pickle_128m.pt} to 853 MB (+380 MB, through
 *     {@code evaluate}) and loaded {@code bomb_record_256m.pt} at about 700 MB (+250 MB). The
 *     bounds leave a reader room to hold a pickle of the 64 MiB limit about three times; a reader
 *     that inflates either bomb, or allocates for one of the huge storage claims, crosses them.
 * </ul>
 *
 * <p>{@code -Ddann4j.hostile.only=REGEX} runs only the files whose names match (e.g.
 * {@code 'ts_.*|valid_.*'}); the outcome of every file in every mode is written to
 * {@code target/hostile-files.tsv}.
 *
 * <p>Where a child dies or hangs, the file it was loading (its {@code BEGIN} line had no result) is
 * named, rerun alone in a fresh JVM to confirm, and the remaining files go to a new child. A table
 * by class (cases, refused, loaded, crashes, hangs, code executed, worst peak RSS) is printed to
 * stdout. The slow variant runs one JVM per file.
 */
class HostileFilesTest {
    static final long HANG_MS = 10_000;
    /** The longest a child may go without starting a file (its start, or between two files). */
    static final long STARTUP_MS = 90_000;
    static final long TORCHSCRIPT_MS = 1_000;
    static final long RSS_LIMIT_MB = 1_024;
    static final long GROWTH_LIMIT_MB = 200;
    static final long POLL_MS = 20;
    /** All of one way's files, including restarts after crashes. */
    static final long MODE_DEADLINE_MS = 240_000;
    static final List<String> MODES = List.of("load", "into", "checkpoint", "cli-evaluate", "cli-init", "cli-resume");
    static final String SENTINEL = "dann4j-sentinel-";
    /** Child JVMs at a time (the ways of loading run side by side). */
    static final int PARALLEL = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors()));

    @Test
    void everyCraftedFileIsRefusedCleanlyOrLoadsCorrectly(@TempDir Path dir) throws Exception {
        campaign(dir, false);
    }

    @Test
    @Tag("slow")
    void everyCraftedFileInItsOwnJvm(@TempDir Path dir) throws Exception {
        campaign(dir, true);
    }

    // ------------------------------------------------------------------ the corpus

    record Entry(String file, String stored, String klass, String kind, String expected, boolean fits,
            String armed, String description) {}

    record Expected(String key, String dtype, String shape, double sum, double absSum, double[] first) {}

    static Path resourceDir() throws URISyntaxException {
        return Path.of(HostileFilesTest.class.getResource("/hostile/MANIFEST.tsv").toURI()).getParent();
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
                    : java.util.Arrays.stream(f[6].split(",")).mapToDouble(HostileFilesTest::parsePython).toArray();
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

    // ------------------------------------------------------------------ child JVMs

    /** One file's fate in one mode. */
    static final class Outcome {
        String status = "NOT_RUN"; // LOADED, REFUSED, FAILED, CRASH, HANG, NOT_RUN
        long millis;
        String text = "";
        long peakRssKb;
        /** Peak minus the RSS at the file's start; -1 for the first file of a child. */
        long growthKb = -1;
        final List<String> sentinels = new ArrayList<>();
    }

    /**
     * Runs {@code names} through one mode, restarting after crashes and hangs; returns outcome by
     * name, plus the control's under {@link HostileFileRunner#CONTROL}. Every child starts with the
     * control (a file dann4j writes itself, which must load): it warms the JVM up, so that no file
     * is charged libtorch's loading time or memory, and it shows the mode can load at all.
     */
    static Map<String, Outcome> runMode(String mode, Path corpus, Path work, List<String> names, int perJvm,
            List<String> notes) throws Exception {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String n : names) {
            outcomes.put(n, new Outcome());
        }
        Outcome control = new Outcome();
        long limit = perJvm == 1 ? MODE_DEADLINE_MS * 20 : MODE_DEADLINE_MS;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        List<String> remaining = new ArrayList<>(names);
        int confirmations = 0;
        int child = 0;
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                notes.add(mode + ": deadline of " + limit / 1000 + " s passed; " + remaining.size()
                        + " files not run");
                break;
            }
            List<String> batch = new ArrayList<>(List.of(HostileFileRunner.CONTROL));
            batch.addAll(remaining.subList(0, Math.min(perJvm, remaining.size())));
            Map<String, Outcome> view = new LinkedHashMap<>(outcomes);
            Outcome thisControl = new Outcome();
            view.put(HostileFileRunner.CONTROL, thisControl);
            ChildResult r = runChild(mode, corpus, Files.createDirectories(work.resolve("child-" + child++)), batch,
                    view);
            if (r.culprit != null && r.culprit.equals(HostileFileRunner.CONTROL)) {
                thisControl.status = r.hung ? "HANG" : "CRASH";
                thisControl.text = "child exited with status " + r.exitCode + "; stderr: " + r.stderrTail;
            }
            if (control.status.equals("NOT_RUN") || control.status.equals("LOADED")) {
                control = thisControl; // keep the first failure of the control
            }
            if (!thisControl.status.equals("LOADED")) {
                notes.add(mode + ": the control did not load (" + thisControl.status + " " + thisControl.text
                        + "); " + remaining.size() + " files not run");
                break;
            }
            remaining.removeAll(r.finished);
            if (r.culprit != null) {
                remaining.remove(r.culprit);
                Outcome o = outcomes.get(r.culprit);
                o.status = r.hung ? "HANG" : "CRASH";
                o.text = r.hung ? "no result after " + HANG_MS + " ms" : "child exited with status " + r.exitCode
                        + (r.hsErr ? " and an hs_err file" : "") + "; stderr: " + r.stderrTail;
                if (!r.hung && batch.size() > 2 && confirmations < 8) {
                    confirmations++;
                    Map<String, Outcome> alone = new LinkedHashMap<>();
                    alone.put(HostileFileRunner.CONTROL, new Outcome());
                    alone.put(r.culprit, new Outcome());
                    ChildResult again = runChild(mode, corpus, Files.createDirectories(work.resolve("child-" + child++)),
                            List.of(HostileFileRunner.CONTROL, r.culprit), alone);
                    o.text += r.culprit.equals(again.culprit) ? "; crashes alone too"
                            : "; does NOT crash alone (" + alone.get(r.culprit).status + "): an earlier file of the "
                                    + "same JVM may have corrupted memory";
                }
            } else if (!r.completed) {
                notes.add(mode + ": a child stopped outside any file (status " + r.exitCode + "): " + r.stderrTail);
                break;
            }
        }
        outcomes.put(HostileFileRunner.CONTROL, control);
        return outcomes;
    }

    static final class ChildResult {
        final List<String> finished = new ArrayList<>();
        String culprit;
        boolean hung;
        boolean completed;
        boolean hsErr;
        int exitCode;
        String stderrTail = "";
    }

    static ChildResult runChild(String mode, Path corpus, Path dir, List<String> names, Map<String, Outcome> outcomes)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-XX:-CreateCoredumpOnCrash",
                HostileFileRunner.class.getName(), mode, corpus.toString()));
        command.addAll(names);
        Path stderr = dir.resolve("child.err");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        ChildResult result = new ChildResult();
        AtomicReference<String> current = new AtomicReference<>();
        AtomicLong currentSince = new AtomicLong(System.nanoTime());
        AtomicLong peak = new AtomicLong();
        AtomicLong lastSample = new AtomicLong();
        AtomicLong start = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger begins = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean began = new java.util.concurrent.atomic.AtomicBoolean();
        Map<String, Boolean> done = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("SENTINEL ")) {
                        String[] f = line.split(" ", 3);
                        Outcome o = outcomes.get(f[1]);
                        if (o != null && f.length == 3) {
                            o.sentinels.add(f[2]);
                        }
                    } else if (line.startsWith("BEGIN ")) {
                        began.set(true);
                        peak.set(lastSample.get()); // the RSS the file starts from counts towards its peak
                        start.set(lastSample.get());
                        begins.incrementAndGet();
                        currentSince.set(System.nanoTime());
                        current.set(line.substring(6));
                    } else if (line.equals("END")) {
                        done.put("", true);
                    } else {
                        String[] f = line.split(" ", 4);
                        Outcome o = f.length >= 3 ? outcomes.get(f[1]) : null;
                        if (o == null || !List.of("LOADED", "REFUSED", "FAILED").contains(f[0])) {
                            continue; // something else printed on stdout (a library's chatter)
                        }
                        o.status = f[0];
                        o.millis = Long.parseLong(f[2]);
                        o.text = f.length > 3 ? f[3] : "";
                        o.peakRssKb = Math.max(o.peakRssKb, peak.get());
                        // the first file of a child also pays for the JVM's and libtorch's warm-up
                        o.growthKb = begins.get() == 1 ? -1 : Math.max(0, peak.get() - start.get());
                        done.put(f[1], true);
                        current.set(null);
                        currentSince.set(System.nanoTime());
                    }
                }
            } catch (IOException ignored) {
                // the child died; the caller sees it
            }
        });
        reader.setDaemon(true);
        reader.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long lastHwm = 0;
        while (process.isAlive()) {
            long[] rss = readRss(status);
            // VmHWM catches a peak between two polls; only its growth is charged to the current file
            long sample = rss[0];
            if (rss[1] > lastHwm) {
                sample = Math.max(sample, rss[1]);
                lastHwm = rss[1];
            }
            lastSample.set(rss[0]);
            peak.accumulateAndGet(sample, Math::max);
            String file = current.get();
            long quiet = System.nanoTime() - currentSince.get();
            if (file != null && quiet > TimeUnit.MILLISECONDS.toNanos(HANG_MS)) {
                result.hung = true;
                process.destroyForcibly();
                break;
            }
            if (file == null && quiet > TimeUnit.MILLISECONDS.toNanos(STARTUP_MS)) {
                process.destroyForcibly(); // stuck outside any file: reported as a child that stopped
                break;
            }
            Thread.sleep(POLL_MS);
        }
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000);
        result.exitCode = process.exitValue();
        for (String n : names) {
            if (done.containsKey(n)) {
                result.finished.add(n);
            }
        }
        String stuck = current.get();
        if (stuck != null && !done.containsKey(stuck)) {
            result.culprit = stuck;
            Outcome o = outcomes.get(stuck);
            if (o != null) {
                o.peakRssKb = Math.max(o.peakRssKb, peak.get());
            }
        }
        result.completed = done.containsKey("") && result.exitCode == 0;
        try (Stream<Path> files = Files.list(dir)) {
            result.hsErr = files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err"));
        }
        String err = Files.exists(stderr) ? Files.readString(stderr) : "";
        result.stderrTail = HostileFileRunner.oneLine(err.length() <= 600 ? err : err.substring(err.length() - 600));
        if (result.culprit == null && !result.completed && began.get() && result.finished.size() < names.size()) {
            // died between files: charge the next one, which never began
            for (String n : names) {
                if (!done.containsKey(n)) {
                    result.culprit = n;
                    break;
                }
            }
        }
        if (result.completed && result.exitCode >= 128) {
            result.completed = false;
        }
        return result;
    }

    /** VmRSS and VmHWM in kB, zeros once the process is gone. */
    static long[] readRss(Path status) {
        long[] out = new long[2];
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    out[0] = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    out[1] = kb(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // exited between isAlive and the read
        }
        return out;
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    // ------------------------------------------------------------------ the campaign

    static void campaign(Path dir, boolean perFile) throws Exception {
        List<Entry> entries = manifest();
        Map<String, List<Expected>> expected = expectedValues();
        Path corpus = unpack(dir, entries);
        Map<String, Entry> byName = new LinkedHashMap<>();
        String only = System.getProperty("dann4j.hostile.only"); // a regex of file names, to look at a few
        for (Entry e : entries) {
            if (only != null && !e.file().matches(only)) {
                continue;
            }
            byName.put(e.file(), e);
            if (!e.expected().equals("refuse")) {
                assertTrue(expected.containsKey(e.file()), "no expected values for " + e.file());
            }
        }
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, long[]> table = new TreeMap<>(); // class -> cases, refused, loaded, crashes, hangs, executed, peak
        Map<String, String> worstFile = new TreeMap<>();
        long started = System.nanoTime();
        StringBuilder grid = new StringBuilder("file\tclass\tmode\tmust\toutcome\tmillis\tpeak_mb\tgrowth_mb\ttext\n");
        // The ways run side by side, PARALLEL children at a time; RSS is measured per child.
        Map<String, java.util.concurrent.Future<Map<String, Outcome>>> running = new LinkedHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL);
        List<String> modeNotes = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (String mode : MODES) {
                Path work = Files.createDirectories(dir.resolve("work-" + mode));
                List<String> names = new ArrayList<>(byName.keySet());
                running.put(mode, pool.submit(() -> runMode(mode, corpus, work, names,
                        perFile ? 1 : Integer.MAX_VALUE, modeNotes)));
            }
            for (java.util.concurrent.Future<Map<String, Outcome>> f : running.values()) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        notes.addAll(modeNotes);
        for (String mode : MODES) {
            Path work = dir.resolve("work-" + mode);
            Map<String, Outcome> outcomes = running.get(mode).get();
            List<String> sentinels = sentinels(work, corpus);
            List<String> hsErrs = hsErrFiles(work);
            java.util.Set<String> reported = new java.util.HashSet<>();
            for (Map.Entry<String, Outcome> r : outcomes.entrySet()) {
                String name = r.getKey();
                Outcome o = r.getValue();
                String where = mode + " " + name + ": ";
                if (name.equals(HostileFileRunner.CONTROL)) {
                    if (!o.status.equals("LOADED")) {
                        failures.add(where + "the control (a file written by dann4j itself) did not load (" + o.status
                                + " " + o.text + "): the mode cannot load anything, so its refusals prove nothing");
                    }
                    continue;
                }
                Entry e = byName.get(name);
                String must = expectation(e, mode);
                grid.append(String.join("\t", name, e.klass(), mode, must, o.status, Long.toString(o.millis),
                        Long.toString(o.peakRssKb / 1024), o.growthKb < 0 ? "-" : Long.toString(o.growthKb / 1024),
                        abbreviate(o.text.replace('\t', ' ')))).append('\n');
                long[] row = table.computeIfAbsent(e.klass(), k -> new long[7]);
                row[0]++;
                if (!o.sentinels.isEmpty()) {
                    row[5]++;
                    reported.addAll(o.sentinels);
                    failures.add(where + "CODE EXECUTED: " + o.sentinels + " appeared while it was loaded");
                }
                if (o.peakRssKb > row[6]) {
                    row[6] = o.peakRssKb;
                    worstFile.put(e.klass(), mode + " " + name);
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
                        row[1]++;
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
                        row[2]++;
                        if (must.equals("refuse")) {
                            failures.add(where + "LOADED but must be refused (" + e.description() + "): "
                                    + abbreviate(o.text));
                        } else {
                            String wrong = checkValues(mode, o.text, expected.get(name));
                            if (wrong != null) {
                                failures.add(where + "loaded WRONG VALUES: " + wrong);
                            }
                        }
                    }
                    case "CRASH" -> {
                        row[3]++;
                        failures.add(where + "JVM CRASH: " + o.text);
                    }
                    case "HANG" -> {
                        row[4]++;
                        failures.add(where + "HANG: " + o.text);
                    }
                    case "FAILED" -> failures.add(where + "not a clean refusal: " + o.text);
                    default -> failures.add(where + o.status);
                }
            }
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
        print(table, worstFile, notes, failures, (System.nanoTime() - started) / 1e9, perFile);
        // Every file's outcome in every mode, for reading after a run (target/ under Maven)
        Path report = Path.of("target", "hostile-files" + (perFile ? "-per-file" : "") + ".tsv");
        if (Files.isDirectory(report.getParent())) {
            Files.writeString(report, grid);
            System.out.println("outcomes of every file in every mode: " + report.toAbsolutePath());
        }
        for (String f : failures) {
            System.out.println("FAILURE " + f);
        }
        if (!failures.isEmpty()) {
            int shown = Math.min(failures.size(), 60);
            fail(failures.size() + " failures (first " + shown + "):\n  " + String.join("\n  ",
                    failures.subList(0, shown)));
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

    static void print(Map<String, long[]> table, Map<String, String> worst, List<String> notes, List<String> failures,
            double seconds, boolean perFile) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nhostile files (%s), %d ways of loading, %.1f s%n",
                perFile ? "one JVM per file" : "one JVM per way", MODES.size(), seconds));
        b.append(String.format(Locale.ROOT, "%-16s %6s %8s %7s %8s %6s %9s %9s  %s%n", "class", "cases", "refused",
                "loaded", "crashes", "hangs", "executed", "peak MB", "worst file"));
        long[] total = new long[7];
        for (Map.Entry<String, long[]> e : table.entrySet()) {
            long[] r = e.getValue();
            b.append(String.format(Locale.ROOT, "%-16s %6d %8d %7d %8d %6d %9d %9d  %s%n", e.getKey(), r[0], r[1], r[2],
                    r[3], r[4], r[5], r[6] / 1024, worst.getOrDefault(e.getKey(), "")));
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
}
