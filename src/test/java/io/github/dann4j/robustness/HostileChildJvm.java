package io.github.dann4j.robustness;

import static io.github.dann4j.robustness.HostileFilesTest.HANG_MS;
import static io.github.dann4j.robustness.HostileFilesTest.POLL_MS;
import static io.github.dann4j.robustness.HostileFilesTest.STARTUP_MS;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Launches one child JVM ({@link HostileFileRunner}) on a list of files in one way of loading, reads
 * its {@code BEGIN}/{@code LOADED}/{@code REFUSED}/{@code FAILED}/{@code SENTINEL}/{@code END} lines
 * into {@link HostileOutcome}s, and watches it: {@code /proc/PID/status} is polled every
 * {@value HostileFilesTest#POLL_MS} ms for VmRSS and VmHWM (a file's peak and growth), the child is
 * killed when a file takes longer than {@value HostileFilesTest#HANG_MS} ms or no file starts for
 * {@value HostileFilesTest#STARTUP_MS} ms, and the file it died or hung on is named.
 */
final class HostileChildJvm {
    private HostileChildJvm() {}

    /** What one child did: the files it finished, the one it died or hung on, how it exited. */
    static final class Result {
        final List<String> finished = new ArrayList<>();
        String culprit;
        boolean hung;
        boolean completed;
        boolean hsErr;
        int exitCode;
        String stderrTail = "";
    }

    /**
     * Runs {@code names} in one child in {@code dir} (its working directory), recording each file's
     * result in {@code outcomes}; returns when the child has exited or been killed.
     */
    static Result run(String mode, Path corpus, Path dir, List<String> names, Map<String, HostileOutcome> outcomes)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-XX:-CreateCoredumpOnCrash",
                HostileFileRunner.class.getName(), mode, corpus.toString()));
        command.addAll(names);
        Path stderr = dir.resolve("child.err");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        Result result = new Result();
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
                        HostileOutcome o = outcomes.get(f[1]);
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
                        HostileOutcome o = f.length >= 3 ? outcomes.get(f[1]) : null;
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
            // The control, each child's first file, pays for the JVM's and libtorch's warm-up, which
            // on a loaded 2-core machine took more than HANG_MS: it gets the startup allowance.
            long allowed = HostileFileRunner.CONTROL.equals(file) ? STARTUP_MS : HANG_MS;
            if (file != null && quiet > TimeUnit.MILLISECONDS.toNanos(allowed)) {
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
            HostileOutcome o = outcomes.get(stuck);
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
}
