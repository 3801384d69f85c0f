package io.github.dann4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Joining goes wrong in one line, within the join timeout, and never takes the JVM down: a port
 * in use, a rank that never arrives, a rank 0 that is not there, a world-size mismatch (reported
 * by both ranks). The ranks are threads of this JVM (only the store is involved before Gloo).
 */
class RendezvousFaultsTest {
    private static final Duration JOIN = Duration.ofSeconds(3);

    private static DistributedConfig config(int rank, int world, int port) {
        return DistributedConfig.of(rank, world, "127.0.0.1", port).withTimeouts(Duration.ofSeconds(5), JOIN);
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            DistributedException e = timed(2, () -> assertThrows(DistributedException.class,
                    () -> ProcessGroup.connect(config(0, 2, taken.getLocalPort()))));
            assertOneLine(e, "port " + taken.getLocalPort(), "in use");
        }
    }

    @Test
    void theStoreListensOnMasterAddrOnly() throws Exception {
        int port = ChildRanks.freePort();
        String hexPort = String.format(":%04X ", port);
        try (ProcessGroup group = ProcessGroup.connect(config(0, 1, port))) {
            List<String> listening = new java.util.ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : java.nio.file.Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ...: a listening socket has state 0A
                    if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) {
                        listening.add(table + " " + f[1]);
                    }
                }
            }
            // 127.0.0.1 is 0100007F in the kernel's byte order; 0.0.0.0 or :: would mean every interface.
            assertEquals(List.of("/proc/net/tcp 0100007F" + hexPort.strip()), listening);
        }
    }

    @Test
    void aRankThatNeverArrivesIsNamed() throws Exception {
        int port = ChildRanks.freePort();
        DistributedException e = timed(JOIN.toSeconds() + 3, () -> assertThrows(DistributedException.class,
                () -> ProcessGroup.connect(config(0, 3, port))));
        assertOneLine(e, "ranks 1, 2 did not join within 3.0 s");
    }

    @Test
    void aMissingRankZeroIsOneLine() throws Exception {
        int port = ChildRanks.freePort();
        DistributedException e = timed(JOIN.toSeconds() + 3, () -> assertThrows(DistributedException.class,
                () -> ProcessGroup.connect(config(1, 2, port))));
        assertOneLine(e, "rank 1: rank 0's store at 127.0.0.1:" + port + " did not answer within 3.0 s");
    }

    @Test
    void aWrongWorldSizeIsReportedByEveryRank() throws Exception {
        int port = ChildRanks.freePort();
        CompletableFuture<DistributedException> zero = CompletableFuture.supplyAsync(() -> assertThrows(
                DistributedException.class, () -> ProcessGroup.connect(config(0, 2, port))));
        CompletableFuture<DistributedException> one = CompletableFuture.supplyAsync(() -> assertThrows(
                DistributedException.class, () -> ProcessGroup.connect(config(1, 3, port))));
        long started = System.nanoTime();
        String expected = "rank 1 was started with world size 3 but rank 0 with 2";
        assertOneLine(one.get(JOIN.toSeconds() + 5, TimeUnit.SECONDS), expected);
        assertOneLine(zero.get(JOIN.toSeconds() + 5, TimeUnit.SECONDS), "rank 0: " + expected);
        System.out.printf("world-size mismatch reported by both ranks in %.2f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static <T> T timed(long boundSeconds, Supplier<T> body) {
        long started = System.nanoTime();
        T result = body.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("failed in %.2f s (bound %d s): %s%n", seconds, boundSeconds,
                result instanceof Exception e ? e.getMessage() : result);
        assertTrue(seconds < boundSeconds, "took " + seconds + " s");
        return result;
    }

    private static void assertOneLine(Exception e, String... parts) {
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "more than one line: " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }
}
