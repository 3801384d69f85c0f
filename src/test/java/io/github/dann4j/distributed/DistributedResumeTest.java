package io.github.dann4j.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two ranks resumed from rank 0's checkpoint at step 20 end exactly where two ranks that never stopped end. */
class DistributedResumeTest {
    @Test
    void resumingWithTheSameWorldSizeContinuesExactly(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("run.ckpt");
        Path straight = dir.resolve("straight.bin");
        Path resumed = dir.resolve("resumed.bin");
        long deadline = System.nanoTime() + 240_000_000_000L;
        for (String mode : new String[] {"straight", "resume"}) {
            try (ChildRanks ranks = new ChildRanks(Files.createDirectory(dir.resolve(mode)))) {
                for (int r = 0; r < 2; r++) {
                    ranks.start(r, 2, ResumeRankMain.class, Map.of(), mode, checkpoint.toString(),
                            (mode.equals("straight") ? straight : resumed).toString());
                }
                assertTrue(ranks.awaitAll(deadline), mode + " hung:\n" + ranks.output(0) + "\n" + ranks.output(1));
                for (int r = 0; r < 2; r++) {
                    assertEquals(0, ranks.processes.get(r).exitValue(), mode + " rank " + r + ":\n" + ranks.output(r));
                    if (mode.equals("resume")) {
                        assertEquals(List.of("RESUMED 20"), ranks.lines(r, "RESUMED"), ranks.output(r));
                    }
                }
            }
        }
        assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed),
                "the resumed run's parameters differ from the uninterrupted run's");
        System.out.printf("distributed resume: %d parameter bytes identical after 20 + 20 steps%n", Files.size(straight));
    }
}
