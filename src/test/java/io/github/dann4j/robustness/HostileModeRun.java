package io.github.dann4j.robustness;

import static io.github.dann4j.robustness.HostileFilesTest.HANG_MS;
import static io.github.dann4j.robustness.HostileFilesTest.MODE_DEADLINE_MS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One way of loading over the whole corpus: child JVMs ({@link HostileChildJvm}) one after another,
 * each starting with the control, until every file has a result. A file a child crashed on is rerun
 * alone in a fresh JVM to confirm (at most 8 times a way), one it hung on is charged a hang, and the
 * files left go to a new child; the way stops at its deadline of
 * {@value HostileFilesTest#MODE_DEADLINE_MS} ms (20 times that with one JVM per file), when the
 * control does not load, or when a child stops outside any file.
 */
final class HostileModeRun {
    private HostileModeRun() {}

    /**
     * Runs {@code names} through one mode, restarting after crashes and hangs; returns outcome by
     * name, plus the control's under {@link HostileFileRunner#CONTROL}. Every child starts with the
     * control (a file dann4j writes itself, which must load): it warms the JVM up, so that no file
     * is charged libtorch's loading time or memory, and it shows the mode can load at all.
     */
    static Map<String, HostileOutcome> run(String mode, Path corpus, Path work, List<String> names, int perJvm,
            List<String> notes) throws Exception {
        Map<String, HostileOutcome> outcomes = new LinkedHashMap<>();
        for (String n : names) {
            outcomes.put(n, new HostileOutcome());
        }
        HostileOutcome control = new HostileOutcome();
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
            Map<String, HostileOutcome> view = new LinkedHashMap<>(outcomes);
            HostileOutcome thisControl = new HostileOutcome();
            view.put(HostileFileRunner.CONTROL, thisControl);
            HostileChildJvm.Result r = HostileChildJvm.run(mode, corpus,
                    Files.createDirectories(work.resolve("child-" + child++)), batch, view);
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
                HostileOutcome o = outcomes.get(r.culprit);
                o.status = r.hung ? "HANG" : "CRASH";
                o.text = r.hung ? "no result after " + HANG_MS + " ms" : "child exited with status " + r.exitCode
                        + (r.hsErr ? " and an hs_err file" : "") + "; stderr: " + r.stderrTail;
                if (!r.hung && batch.size() > 2 && confirmations < 8) {
                    confirmations++;
                    Map<String, HostileOutcome> alone = new LinkedHashMap<>();
                    alone.put(HostileFileRunner.CONTROL, new HostileOutcome());
                    alone.put(r.culprit, new HostileOutcome());
                    HostileChildJvm.Result again = HostileChildJvm.run(mode, corpus,
                            Files.createDirectories(work.resolve("child-" + child++)),
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
}
