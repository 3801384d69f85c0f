package io.github.dann4j.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.dann4j.robustness.HostileCorpus.Entry;
import io.github.dann4j.robustness.HostileCorpus.Expected;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The parts: {@link HostileCorpus} (the manifest, expected values and files),
 * {@link HostileModeRun} (one way over the corpus: restarts, confirmation of crashes, deadline),
 * {@link HostileChildJvm} (one child: its output, RSS monitor and hang timeout), {@link HostileChecks}
 * (what each outcome must be) and {@link HostileReport} (the table and the TSV).
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

    /**
     * Runs every way of loading over the corpus (or the files {@code dann4j.hostile.only} matches),
     * checks every outcome, prints the table and writes the TSV; fails with the first failures.
     */
    static void campaign(Path dir, boolean perFile) throws Exception {
        List<Entry> entries = HostileCorpus.manifest();
        Map<String, List<Expected>> expected = HostileCorpus.expectedValues();
        Path corpus = HostileCorpus.unpack(dir, entries);
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
        HostileReport report = new HostileReport();
        long started = System.nanoTime();
        // The ways run side by side, PARALLEL children at a time; RSS is measured per child.
        Map<String, java.util.concurrent.Future<Map<String, HostileOutcome>>> running = new LinkedHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL);
        List<String> modeNotes = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (String mode : MODES) {
                Path work = Files.createDirectories(dir.resolve("work-" + mode));
                List<String> names = new ArrayList<>(byName.keySet());
                running.put(mode, pool.submit(() -> HostileModeRun.run(mode, corpus, work, names,
                        perFile ? 1 : Integer.MAX_VALUE, modeNotes)));
            }
            for (java.util.concurrent.Future<Map<String, HostileOutcome>> f : running.values()) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        notes.addAll(modeNotes);
        for (String mode : MODES) {
            Map<String, HostileOutcome> outcomes = running.get(mode).get();
            java.util.Set<String> reported = new java.util.HashSet<>();
            for (Map.Entry<String, HostileOutcome> r : outcomes.entrySet()) {
                String name = r.getKey();
                HostileOutcome o = r.getValue();
                String where = mode + " " + name + ": ";
                if (name.equals(HostileFileRunner.CONTROL)) {
                    HostileChecks.control(where, o, failures);
                    continue;
                }
                Entry e = byName.get(name);
                String must = HostileCorpus.expectation(e, mode);
                report.add(mode, name, e, must, o);
                reported.addAll(o.sentinels);
                HostileChecks.file(where, mode, e, must, o, expected.get(name), failures);
            }
            HostileChecks.way(mode, dir.resolve("work-" + mode), corpus, reported, failures);
        }
        report.print(notes, failures, (System.nanoTime() - started) / 1e9, perFile);
        report.write(perFile);
        for (String f : failures) {
            System.out.println("FAILURE " + f);
        }
        if (!failures.isEmpty()) {
            int shown = Math.min(failures.size(), 60);
            fail(failures.size() + " failures (first " + shown + "):\n  " + String.join("\n  ",
                    failures.subList(0, shown)));
        }
    }
}
