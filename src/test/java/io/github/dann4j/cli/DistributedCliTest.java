package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --nproc-per-node 2}: the CLI launches two workers that train data-parallel; rank 0 writes the run. */
class DistributedCliTest {
    @Test
    void launchesTwoWorkersAndRankZeroWritesTheRun(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 64, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 64, 0.5, false, 2);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path output = dir.resolve("run");
        MainTest.Result r = run("train", "--source", source.toString(), "--target", target.toString(), "--steps", "40",
                "--batch-size", "8", "--threads", "1", "--output", output.toString(), "--nproc-per-node", "2",
                "--master-port=" + port, "--dist-timeout", "20");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("[rank 0] trained 40 steps"), r.out());
        assertTrue(r.out().contains("[rank 1] "), r.out());
        assertTrue(r.out().contains("[rank 0] data-parallel over 2 processes"), r.out());
        assertTrue(Files.exists(output.resolve("model.pt")) && Files.exists(output.resolve("checkpoint.ckpt")), r.out());
        assertTrue(Files.readString(output.resolve("run.properties")).contains("world_size=2"));
    }

    /**
     * A worker killed with SIGKILL mid-run: the launcher names it and stops, rank 0 names it too,
     * within the collective timeout, and rank 0's last checkpoint restores.
     */
    @Test
    void aKilledWorkerIsNamedAndTheRunStops(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 64, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 64, 0.5, false, 2);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path output = dir.resolve("run");
        java.io.StringWriter text = new java.io.StringWriter();
        java.io.PrintWriter out = new java.io.PrintWriter(text, true);
        java.util.concurrent.CompletableFuture<Integer> status = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Main.run(out, out, "train", "--source", source.toString(), "--target", target.toString(),
                        "--steps", "100000000", "--batch-size", "8", "--threads", "1", "--checkpoint-every", "50",
                        "--output", output.toString(), "--nproc-per-node", "2", "--master-port", Integer.toString(port),
                        "--dist-timeout", "10"));
        long deadline = System.nanoTime() + 90_000_000_000L;
        ProcessHandle rank1 = null;
        while (rank1 == null || !Files.exists(output.resolve("checkpoint.ckpt"))) {
            assertTrue(System.nanoTime() < deadline && !status.isDone(), "training did not start: " + text);
            rank1 = ProcessHandle.current().descendants().filter(p -> environment(p).contains("\0RANK=1\0"))
                    .findFirst().orElse(null);
            Thread.sleep(100);
        }
        rank1.destroyForcibly(); // SIGKILL
        long killed = System.nanoTime();
        int code = status.get(30, java.util.concurrent.TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - killed) / 1e9;
        String log;
        synchronized (out) {
            log = text.toString();
        }
        assertEquals(137, code, log);
        assertTrue(log.contains("[launcher] rank 1 was killed by signal 9 (SIGKILL)"), log);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("[rank 0] dann4j: rank 0: allreduce failed: rank 1 ")), log);
        System.out.printf("CLI: rank 1 killed, the launcher returned %.2f s later%n", seconds);
        Object saved = io.github.dann4j.interop.TorchFile.read(output.resolve("checkpoint.ckpt"), "checkpoint");
        try { // read whole, so not torn
            assertTrue(saved instanceof java.util.Map<?, ?> m && ((Number) m.get("step")).longValue() >= 50, "" + saved);
        } finally {
            io.github.dann4j.interop.TorchFile.closeTensors(saved);
        }
    }

    /** A process's environment, NUL-separated with a NUL at each end; "" when it cannot be read. */
    private static String environment(ProcessHandle process) {
        try {
            return "\0" + Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    @Test
    void workersGetTheCommandLineWithoutTheLaunchersOptions() {
        assertEquals(List.of("train", "--source", "a.csv", "--threads", "1", "--dist-timeout", "5"),
                DistributedOptions.workerArguments(List.of("train", "--nproc-per-node", "2", "--source", "a.csv",
                        "--master-port=29501", "--threads", "1", "--nnodes", "1", "--node-rank", "0",
                        "--master-addr", "h", "--dist-timeout", "5")));
    }

    @Test
    void badLauncherOptionsAreOneLine(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 8, 0, true, 1);
        MainTest.Result r = run("train", "--source", source.toString(), "--source-only", "--nproc-per-node", "2",
                "--nnodes", "2", "--node-rank", "2", "--output", dir.resolve("run").toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("--node-rank must be in 0..1, got 2"), r.err());
        assertTrue(r.err().strip().lines().count() <= 2, r.err()); // the message and picocli's hint
    }
}
