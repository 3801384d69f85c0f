package io.github.dann4j.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * One crafted file's fate in one way of loading, as {@link HostileChildJvm} reads it from a child's
 * output and its memory: its status, time, message or summary, peak RSS, growth and the sentinel
 * files that appeared while it was loaded.
 */
final class HostileOutcome {
    String status = "NOT_RUN"; // LOADED, REFUSED, FAILED, CRASH, HANG, NOT_RUN
    long millis;
    String text = "";
    long peakRssKb;
    /** Peak minus the RSS at the file's start; -1 for the first file of a child. */
    long growthKb = -1;
    final List<String> sentinels = new ArrayList<>();
}
