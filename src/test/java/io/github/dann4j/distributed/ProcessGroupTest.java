package io.github.dann4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs join one Gloo group through a real TCPStore on 127.0.0.1 and run allreduce, broadcast and barrier. */
class ProcessGroupTest {
    @Test
    void twoProcessesAllreduceBroadcastAndMeet(@TempDir Path dir) throws Exception {
        try (ChildRanks ranks = new ChildRanks(dir)) {
            for (int r = 0; r < 2; r++) {
                ranks.start(r, 2, CollectivesMain.class, Map.of());
            }
            assertTrue(ranks.awaitAll(System.nanoTime() + 90_000_000_000L), "ranks hung:\n" + ranks.output(0)
                    + "\n" + ranks.output(1));
            for (int r = 0; r < 2; r++) {
                String out = ranks.output(r);
                assertEquals(0, ranks.processes.get(r).exitValue(), "rank " + r + ":\n" + out);
                // (1 + 2) * [1, 2, 3], computed by the two ranks' own values
                assertEquals(List.of("SUM [3.0, 6.0, 9.0]"), ranks.lines(r, "SUM"), out);
                assertEquals(List.of("BROADCAST 10.0"), ranks.lines(r, "BROADCAST"), out);
                assertEquals(List.of("DONE"), ranks.lines(r, "DONE"), out);
            }
        }
    }
}
