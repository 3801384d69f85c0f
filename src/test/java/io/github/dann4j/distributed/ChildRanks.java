package io.github.dann4j.distributed;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts ranks as child JVMs on the test classpath (one intra-op thread each, torchrun's
 * variables set, master 127.0.0.1), their output to {@code rank-R.out} in a folder, and stops
 * every one of them by a hard deadline so that no test can hang.
 */
final class ChildRanks implements AutoCloseable {
    final List<Process> processes = new ArrayList<>();
    final Path dir;
    final int port;

    ChildRanks(Path dir) throws IOException {
        this.dir = dir;
        this.port = freePort();
    }

    /** A port nothing listens on now (the kernel's choice). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts rank {@code rank} of {@code worldSize} running {@code main} with {@code args}; with
     * {@code worldSize} 0, a plain process without torchrun's variables.
     */
    Process start(int rank, int worldSize, Class<?> main, Map<String, String> extraEnv, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Ddann4j.threads=1", "-XX:ErrorFile=" + dir.resolve("hs_err_rank" + rank + "_%p.log"),
                "-XX:-CreateCoredumpOnCrash", LibtorchFirstMain.class.getName(), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rank-" + rank + ".out").toFile());
        Map<String, String> env = builder.environment();
        for (String name : List.of("MASTER_ADDR", "MASTER_PORT", "RANK", "LOCAL_RANK", "WORLD_SIZE")) {
            env.remove(name);
        }
        if (worldSize > 0) {
            env.put("MASTER_ADDR", "127.0.0.1");
            env.put("MASTER_PORT", Integer.toString(port));
            env.put("RANK", Integer.toString(rank));
            env.put("LOCAL_RANK", Integer.toString(rank));
            env.put("WORLD_SIZE", Integer.toString(worldSize));
        }
        env.put("OMP_NUM_THREADS", "1");
        env.putAll(extraEnv);
        Process p = builder.start();
        p.getOutputStream().close();
        processes.add(p);
        return p;
    }

    /** Waits for every child until {@code deadlineNanos}; kills the ones still running then. Returns whether all ended. */
    boolean awaitAll(long deadlineNanos) throws InterruptedException {
        boolean all = true;
        for (Process p : processes) {
            long left = deadlineNanos - System.nanoTime();
            if (!p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                all = false;
            }
        }
        if (!all) {
            close();
        }
        return all;
    }

    String output(int rank) throws IOException {
        Path file = dir.resolve("rank-" + rank + ".out");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The lines of rank {@code rank}'s output that start with {@code prefix}. */
    List<String> lines(int rank, String prefix) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : output(rank).split("\n")) {
            if (line.startsWith(prefix)) {
                found.add(line);
            }
        }
        return found;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
