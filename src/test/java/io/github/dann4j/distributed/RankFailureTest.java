package io.github.dann4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.TorchFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rank killed with SIGKILL in the middle of data-parallel training: the survivor must stop
 * within the collective timeout ({@value #TIMEOUT_S} s here; in practice at once, when the dead
 * rank's sockets close) with one line naming the dead rank, and rank 0's last checkpoint must be
 * complete. Killing rank 1 leaves rank 0 (the store's host) to report it from the heartbeats;
 * killing rank 0 takes the store with it.
 */
class RankFailureTest {
    static final int TIMEOUT_S = 10;

    @ParameterizedTest
    @ValueSource(ints = {1, 0})
    void aKilledRankStopsTheOtherWithItsName(int victim, @TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        try (ChildRanks ranks = new ChildRanks(dir)) {
            for (int r = 0; r < 2; r++) {
                ranks.start(r, 2, FaultRankMain.class, Map.of(), checkpoint.toString(), Integer.toString(TIMEOUT_S));
            }
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (ranks.lines(0, "CHECKPOINT").size() < 2) { // two checkpoints: training runs
                assertTrue(System.nanoTime() < deadline && ranks.processes.get(0).isAlive()
                        && ranks.processes.get(1).isAlive(), "training did not start:\n" + ranks.output(0) + "\n"
                        + ranks.output(1));
                Thread.sleep(50);
            }
            Process dead = ranks.processes.get(victim);
            Process survivor = ranks.processes.get(1 - victim);
            dead.destroyForcibly(); // SIGKILL
            long killed = System.nanoTime();
            assertTrue(dead.waitFor(10, TimeUnit.SECONDS));
            boolean stopped = survivor.waitFor(TIMEOUT_S + 5, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - killed) / 1e9;
            String out = ranks.output(1 - victim);
            assertTrue(stopped, "rank " + (1 - victim) + " still runs " + seconds + " s after rank " + victim
                    + " was killed:\n" + out);
            assertNotEquals(0, survivor.exitValue(), out);
            List<String> errors = ranks.lines(1 - victim, "ERROR");
            assertEquals(1, errors.size(), out);
            String message = errors.get(0);
            assertTrue(message.contains("rank " + victim + " "), "the message does not name rank " + victim + ": "
                    + message);
            assertFalse(message.contains("Exception raised from"), message);
            System.out.printf("rank %d killed: rank %d exited %.2f s later: %s%n", victim, 1 - victim, seconds, message);
        }
        Object saved = TorchFile.read(checkpoint, "checkpoint"); // throws if torn
        try {
            assertTrue(saved instanceof Map<?, ?> m && ((Number) m.get("step")).longValue() >= 20, "checkpoint step: " + saved);
        } finally {
            TorchFile.closeTensors(saved);
        }
    }
}
