package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutSplitTest {
    @Test
    void theSplitIsDeterministicDisjointCompleteAndOfTheAskedSize() {
        for (long size : new long[] {2, 7, 100, 1001}) {
            for (double f : new double[] {0.1, 0.25, 0.5, 0.9}) {
                long expected = Math.round(f * size);
                if (expected < 1 || expected >= size) {
                    assertThrows(IllegalArgumentException.class, () -> HeldOutSplit.fraction(size, f, 42));
                    continue;
                }
                HeldOutSplit split = HeldOutSplit.fraction(size, f, 42);
                assertEquals(expected, split.heldOutIndices().length, size + " x " + f);
                assertEquals(split, HeldOutSplit.fraction(size, f, 42), "not deterministic");
                Set<Long> all = new HashSet<>();
                for (long i : split.heldOutIndices()) {
                    assertTrue(all.add(i));
                }
                for (long i : split.trainingIndices()) {
                    assertTrue(all.add(i), "index " + i + " is in both parts");
                }
                assertEquals(size, all.size());
                assertTrue(all.stream().allMatch(i -> i >= 0 && i < size));
                assertTrue(isAscending(split.heldOutIndices()) && isAscending(split.trainingIndices()));
            }
        }
        assertNotEquals(HeldOutSplit.fraction(1000, 0.1, 1), HeldOutSplit.fraction(1000, 0.1, 2), "the seed is ignored");
        assertEquals(37, HeldOutSplit.parse("37", 100, 1).heldOutIndices().length);
        assertEquals(HeldOutSplit.count(100, 25, 9), HeldOutSplit.parse("0.25", 100, 9));
    }

    @Test
    void theSplitIsTheShuffleItDocuments() {
        // The documented algorithm, written out again: Fisher-Yates with java.util.Random(seed), first k held out.
        int n = 50;
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        java.util.Random random = new java.util.Random(7);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long[] expected = Arrays.stream(order, 0, 10).asLongStream().sorted().toArray();
        assertArrayEquals(expected, HeldOutSplit.count(n, 10, 7).heldOutIndices());
    }

    @Test
    void badAmountsAreRefused() {
        for (String amount : new String[] {"0", "1.0", "-0.1", "100", "1e9", "half", "", "0.001"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HeldOutSplit.parse(amount, 100, 1), amount);
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void itSelectsTheRowsAndLabelsAndRoundTripsThroughItsFile(@TempDir Path dir) {
        HeldOutSplit split = HeldOutSplit.count(20, 6, 3);
        try (PointerScope scope = new PointerScope()) {
            double[] values = new double[40];
            long[] labels = new long[20];
            for (int i = 0; i < 20; i++) {
                values[2 * i] = i;
                values[2 * i + 1] = -i;
                labels[i] = i % 3;
            }
            try (LoadedData data = LoadedData.of(Tensors.fromDoubles(values, ScalarType.Double, 20, 2),
                    Tensors.fromLongs(labels), "test");
                    LoadedData held = split.heldOut(data);
                    LoadedData training = split.training(data)) {
                assertEquals(6, held.size());
                assertEquals(14, training.size());
                double[] heldValues = Tensors.toDoubles(held.features());
                long[] heldLabels = Tensors.toLongs(held.labels());
                long[] indices = split.heldOutIndices();
                for (int k = 0; k < indices.length; k++) {
                    assertEquals(indices[k], heldValues[2 * k]);
                    assertEquals(-indices[k], heldValues[2 * k + 1]);
                    assertEquals(indices[k] % 3, heldLabels[k]);
                }
                double[] trainingValues = Tensors.toDoubles(training.features());
                long[] trainingIndices = split.trainingIndices();
                for (int k = 0; k < trainingIndices.length; k++) {
                    assertEquals(trainingIndices[k], trainingValues[2 * k]);
                }
            }
            try (LoadedData other = LoadedData.of(Tensors.fromDoubles(new double[10], ScalarType.Double, 5, 2), null, "x")) {
                assertThrows(IllegalArgumentException.class, () -> split.heldOut(other));
            }
        }
        Path file = dir.resolve(HeldOutSplit.FILE_NAME);
        split.write(file);
        assertEquals(split, HeldOutSplit.read(file));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> {
            Files.writeString(file, "seed=1\nsize=10\nheld_out_count=2\nheld_out_indices=3,3\n");
            HeldOutSplit.read(file);
        }).getMessage().contains("out of order"));
    }

    private static boolean isAscending(long[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
