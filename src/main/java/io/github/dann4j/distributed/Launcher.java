package io.github.dann4j.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts this machine's workers of a data-parallel run, as torchrun does: each gets
 * {@code MASTER_ADDR}, {@code MASTER_PORT}, {@code RANK}, {@code LOCAL_RANK}, {@code WORLD_SIZE}
 * and {@code LOCAL_WORLD_SIZE} (and {@code OMP_NUM_THREADS=1} unless set), and its output
 * (stdout and stderr) is forwarded line by line with a {@code [rank R]} prefix. When a worker
 * fails, the launcher says which and how (exit code, or the signal that killed it), gives the
 * others {@link LaunchOptions#grace()} to stop by themselves (they notice within their collective
 * timeout), then kills the rest. If the launcher itself is stopped, its workers are killed too.
 */
public final class Launcher {
    private Launcher() {}

    /**
     * Runs the workers to the end.
     *
     * @param command the worker's command line (the same for every worker; the rank comes from the environment)
     * @param out     where the prefixed output and the launcher's own lines go
     * @return 0 if every worker succeeded, else the exit code of the first to fail
     */
    public static int run(List<String> command, LaunchOptions options, PrintWriter out) throws IOException,
            InterruptedException {
        List<Process> workers = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread reaper = new Thread(() -> workers.forEach(Process::destroyForcibly), "dann4j-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            for (int local = 0; local < options.nprocPerNode(); local++) {
                int rank = options.rank(local);
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                Map<String, String> env = builder.environment();
                env.put(DistributedConfig.MASTER_ADDR, options.masterAddress());
                env.put(DistributedConfig.MASTER_PORT, Integer.toString(options.masterPort()));
                env.put(DistributedConfig.RANK, Integer.toString(rank));
                env.put(DistributedConfig.LOCAL_RANK, Integer.toString(local));
                env.put(DistributedConfig.WORLD_SIZE, Integer.toString(options.worldSize()));
                env.put("LOCAL_WORLD_SIZE", Integer.toString(options.nprocPerNode()));
                env.putIfAbsent("OMP_NUM_THREADS", "1");
                Process worker = builder.start();
                worker.getOutputStream().close();
                workers.add(worker);
                pumps.add(pump(worker, "[rank " + rank + "] ", out));
            }
            say(out, "[launcher] started ranks " + options.rank(0) + ".." + options.rank(options.nprocPerNode() - 1)
                    + " of " + options.worldSize() + " (master " + options.masterAddress() + ":" + options.masterPort() + ")");
            int failure = awaitFirstFailure(workers, options, out);
            for (Thread pump : pumps) {
                pump.join(5000);
            }
            return failure;
        } finally {
            workers.forEach(Process::destroyForcibly);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static int awaitFirstFailure(List<Process> workers, LaunchOptions options, PrintWriter out)
            throws InterruptedException {
        List<Process> running = new ArrayList<>(workers);
        while (!running.isEmpty()) {
            for (Process worker : new ArrayList<>(running)) {
                if (worker.isAlive()) {
                    continue;
                }
                running.remove(worker);
                int code = worker.exitValue();
                if (code != 0) {
                    int rank = options.rank(workers.indexOf(worker));
                    say(out, "[launcher] rank " + rank + " " + describe(code) + "; stopping the other ranks (waiting up to "
                            + options.grace().toSeconds() + " s for them to stop by themselves)");
                    long deadline = System.nanoTime() + options.grace().toNanos();
                    for (Process other : running) {
                        other.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        other.destroyForcibly();
                    }
                    return code;
                }
            }
            Thread.sleep(50);
        }
        return 0;
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** "exited with code 3", or "was killed by signal 9 (SIGKILL)" for a shell-style code above 128. */
    static String describe(int code) {
        if (code > 128 && code < 160) {
            int signal = code - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL)";
                case 15 -> " (SIGTERM)";
                case 6 -> " (SIGABRT)";
                case 11 -> " (SIGSEGV)";
                case 2 -> " (SIGINT)";
                default -> "";
            };
            return "was killed by signal " + signal + name;
        }
        return "exited with code " + code;
    }

    private static Thread pump(Process worker, String prefix, PrintWriter out) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (out) {
                        out.println(prefix + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the worker is gone; its exit code says how
            }
        }, "dann4j-launcher-" + prefix.trim());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * The command that runs {@code mainClass} with {@code args} in a new JVM like this one: the same
     * java, class path and JVM options.
     */
    public static List<String> javaCommand(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
