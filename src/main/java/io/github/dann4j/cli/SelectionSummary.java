package io.github.dann4j.cli;

import io.github.dann4j.report.RunProperties;
import io.github.dann4j.select.BestCheckpoint;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** train's closing lines for --select-by: which step was kept and why. */
final class SelectionSummary {
    private SelectionSummary() {}

    /** Prints the chosen step, its score and the others', and records them in {@code run}. */
    static void print(BestCheckpoint best, PrintWriter out, RunProperties run) {
        String name = best.validator().name();
        String word = best.validator().direction().word();
        if (best.bestStep().isEmpty()) {
            out.printf(Locale.ROOT, "selection by %s: no scored step had a finite score; %s not written%n", name,
                    best.folder());
            return;
        }
        long step = best.bestStep().getAsLong();
        String all = best.scores().entrySet().stream().map(SelectionSummary::entry).collect(Collectors.joining(", "));
        out.printf(Locale.ROOT, "selected step %d by %s (%s is better): score %.6g, the %s of %d scored steps"
                + " (%s); wrote %s (model folder, %s)%n", step, name, word, best.bestScore(),
                word.equals("higher") ? "highest" : "lowest", best.scores().size(), all, best.folder(),
                BestCheckpoint.FILE_NAME);
        run.put("result.selected_by", name + " (" + word + " is better)");
        run.put("result.selected_step", Long.toString(step));
        run.put("result.selected_score", Double.toString(best.bestScore()));
    }

    private static String entry(Map.Entry<Long, Double> e) {
        return String.format(Locale.ROOT, "%d: %.6g", e.getKey(), e.getValue());
    }
}
