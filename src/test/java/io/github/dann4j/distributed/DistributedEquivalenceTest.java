package io.github.dann4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training is the one-process step: 2 ranks (separate JVMs, Gloo over 127.0.0.1)
 * with batch 4 each end 50 steps with the parameters of 1 process with batch 8, within 1e-6 in
 * float32 and 1e-12 in float64, for the MLP and the digits network. Each rank starts from other
 * weights (the broadcast must fix them), and a control run of 1 process with batch 4 must end
 * far from both, which shows the comparison can fail.
 */
class DistributedEquivalenceTest {
    private static final int STEPS = 50;

    @Test
    void twoRanksWithBatch4MatchOneProcessWithBatch8(@TempDir Path dir) throws Exception {
        Path single = Files.createDirectory(dir.resolve("single"));
        Path control = Files.createDirectory(dir.resolve("control"));
        Path pair = Files.createDirectory(dir.resolve("pair"));
        long deadline = System.nanoTime() + 240_000_000_000L;
        try (ChildRanks alone = new ChildRanks(Files.createDirectory(dir.resolve("alone")))) {
            Process p = alone.start(0, 0, EquivalenceRankMain.class, Map.of(),
                    Integer.toString(STEPS), single.toString(), "8", control.toString(), "4");
            // one process: no torchrun variables at all
            assertTrue(alone.awaitAll(deadline), "the single process hung:\n" + alone.output(0));
            assertEquals(0, p.exitValue(), alone.output(0));
        }
        try (ChildRanks ranks = new ChildRanks(dir)) {
            for (int r = 0; r < 2; r++) {
                ranks.start(r, 2, EquivalenceRankMain.class, Map.of(), Integer.toString(STEPS), pair.toString(), "4");
            }
            assertTrue(ranks.awaitAll(deadline), "ranks hung:\n" + ranks.output(0) + "\n" + ranks.output(1));
            for (int r = 0; r < 2; r++) {
                assertEquals(0, ranks.processes.get(r).exitValue(), "rank " + r + ":\n" + ranks.output(r));
            }
        }
        for (String arch : new String[] {"mlp", "digits"}) {
            for (String dtype : new String[] {"Float", "Double"}) {
                String name = arch + "-" + dtype + ".bin";
                double[] one = read(single.resolve(name));
                double[] two = read(pair.resolve(name));
                double error = maxAbsDifference(one, two);
                double apart = maxAbsDifference(read(control.resolve(name)), two);
                System.out.printf("distributed equivalence %s %s: 2 ranks x 4 vs 1 x 8 max |diff| %.3e over %d values;"
                        + " 1 x 4 differs by %.3e%n", arch, dtype, error, one.length, apart);
                double tolerance = dtype.equals("Float") ? 1e-6 : 1e-12;
                assertTrue(error <= tolerance, name + ": " + error + " > " + tolerance);
                assertTrue(apart > 1e3 * tolerance, name + ": the control run is only " + apart + " away");
            }
        }
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        assertEquals(a.length, b.length, "parameter counts");
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    private static double[] read(Path file) throws IOException {
        long n = Files.size(file) / Double.BYTES;
        double[] values = new double[(int) n];
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            for (int i = 0; i < n; i++) {
                values[i] = in.readDouble();
            }
        }
        return values;
    }
}
