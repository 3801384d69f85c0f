package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
    @TempDir
    Path dir;

    private Path npy(String name, byte[] content) {
        return TestFiles.write(dir.resolve(name), content);
    }

    private String error(byte[] content) {
        Path file = npy("bad.npy", content);
        String message = assertThrows(IllegalArgumentException.class, () -> NpyReader.read(file)).getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        return message;
    }

    @Test
    void readsEachDtypeExactlyInItsOwnType() {
        try (PointerScope scope = new PointerScope()) {
            Tensor u8 = NpyReader.read(npy("u8.npy", TestFiles.npy(1, "|u1", false, new long[] {2, 3},
                    new byte[] {0, 1, 2, (byte) 128, (byte) 254, (byte) 255})));
            assertEquals(ScalarType.Byte, u8.scalar_type().intern());
            assertArrayEquals(new long[] {2, 3}, TensorChecks.shape(u8));
            assertArrayEquals(new long[] {0, 1, 2, 128, 254, 255}, Tensors.toLongs(u8));

            float[] f = {-1.5f, 0.1f, 3.4028235e38f};
            Tensor f4 = NpyReader.read(npy("f4.npy", TestFiles.npy(1, "<f4", false, new long[] {3}, TestFiles.le(f))));
            assertEquals(ScalarType.Float, f4.scalar_type().intern());
            assertArrayEquals(new double[] {f[0], f[1], f[2]}, Tensors.toDoubles(f4), 0.0);

            double[] d = {Math.PI, -0.1, 1e-300, 42};
            Tensor f8 = NpyReader.read(npy("f8.npy", TestFiles.npy(1, "<f8", false, new long[] {2, 2}, TestFiles.le(d))));
            assertEquals(ScalarType.Double, f8.scalar_type().intern());
            assertArrayEquals(new long[] {2, 2}, TensorChecks.shape(f8));
            assertArrayEquals(d, Tensors.toDoubles(f8), 0.0);

            long[] l = {-3, 0, (1L << 40) + 1};
            Tensor i8 = NpyReader.read(npy("i8.npy", TestFiles.npy(1, "<i8", false, new long[] {3}, TestFiles.le(l))));
            assertEquals(ScalarType.Long, i8.scalar_type().intern());
            assertArrayEquals(l, Tensors.toLongs(i8));
        }
    }

    @Test
    void readsFormatVersions2And3() {
        try (PointerScope scope = new PointerScope()) {
            for (int major : new int[] {2, 3}) {
                Tensor t = NpyReader.read(npy("v" + major + ".npy",
                        TestFiles.npy(major, "<f4", false, new long[] {1, 2}, TestFiles.le(1.25f, -2f))));
                assertArrayEquals(new long[] {1, 2}, TensorChecks.shape(t));
                assertArrayEquals(new double[] {1.25, -2}, Tensors.toDoubles(t), 0.0);
            }
        }
    }

    @Test
    void fortranOrderBigEndianAndOtherDtypesAreRejected() {
        assertTrue(error(TestFiles.npy(1, "<f4", true, new long[] {2, 2}, new byte[16])).contains("Fortran"));
        String big = error(TestFiles.npy(1, ">f4", false, new long[] {1}, new byte[4]));
        assertTrue(big.contains("big-endian data ('>f4') is not supported"), big);
        String other = error(TestFiles.npy(1, "<i4", false, new long[] {1}, new byte[4]));
        assertTrue(other.contains("dtype '<i4' is not supported") && other.contains("<f8 float64"), other);
        assertTrue(error("just text".getBytes()).contains("not a .npy file"));
        byte[] v9 = TestFiles.npy(1, "<f4", false, new long[] {1}, new byte[4]);
        v9[6] = 9;
        assertTrue(error(v9).contains("version 9.0 is not supported"));
    }

    @Test
    void dataLengthMustMatchTheShape() {
        String shorter = error(TestFiles.npy(1, "<f4", false, new long[] {3}, new byte[8]));
        assertTrue(shorter.contains("expected 12 bytes of data for shape [3] and dtype <f4, found 8"), shorter);
        String longer = error(TestFiles.npy(1, "<i8", false, new long[] {1}, new byte[9]));
        assertTrue(longer.contains("expected 8 bytes") && longer.endsWith("found 9"), longer);
        byte[] whole = TestFiles.npy(1, "<f4", false, new long[] {1}, new byte[4]);
        assertTrue(error(Arrays.copyOf(whole, 20)).contains("ends inside the .npy header"));
    }

    private Path archive(String name, boolean deflate, Map<String, byte[]> arrays) {
        return TestFiles.npz(dir.resolve(name), arrays, deflate);
    }

    private static Map<String, byte[]> xy(String x, String y, byte[] labels, String labelDescr) {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put(x, TestFiles.npy(1, "<f8", false, new long[] {2, 2}, TestFiles.le(0.5, 1.5, -2.0, 4.0)));
        arrays.put(y, TestFiles.npy(1, labelDescr, false, new long[] {2}, labels));
        return arrays;
    }

    @Test
    void readsStoredAndDeflatedArchivesByDefaultNames() {
        for (boolean deflate : new boolean[] {false, true}) {
            for (String[] names : new String[][] {{"x", "y"}, {"features", "labels"}}) {
                Path file = archive("d" + deflate + names[0] + ".npz", deflate, xy(names[0], names[1], TestFiles.le(3L, 0L), "<i8"));
                assertEquals(List.of(names[0], names[1]), NpyReader.npzNames(file));
                try (LoadedData data = NpyReader.readNpz(file, null, null)) {
                    assertEquals(ScalarType.Float, data.features().scalar_type().intern()); // float64 -> float32
                    assertArrayEquals(new double[] {0.5, 1.5, -2.0, 4.0}, Tensors.toDoubles(data.features()), 0.0);
                    assertArrayEquals(new long[] {3, 0}, Tensors.toLongs(data.labels()));
                }
            }
        }
    }

    @Test
    void theCallerNamesTheArrays() {
        Path file = archive("named.npz", true, xy("source_x", "source_y", TestFiles.le(1.0, 2.0), "<f8"));
        try (LoadedData data = NpyReader.readNpz(file, "source_x", "source_y.npy")) {
            assertArrayEquals(new long[] {1, 2}, Tensors.toLongs(data.labels())); // whole floats are fine as labels
        }
        String message = assertThrows(IllegalArgumentException.class, () -> NpyReader.readNpz(file, "x", null)).getMessage();
        assertTrue(message.contains("no array named 'x'") && message.contains("[source_x, source_y]"), message);
        message = assertThrows(IllegalArgumentException.class, () -> NpyReader.readNpz(file, null, null)).getMessage();
        assertTrue(message.contains("no features array"), message);
        // Features alone: unlabelled.
        try (LoadedData data = NpyReader.readNpz(file, "source_x", null)) {
            assertFalse(data.isLabelled());
        }
    }

    @Test
    void badLabelsAndBadEntriesAreErrors() {
        Path fractional = archive("frac.npz", false, xy("x", "y", TestFiles.le(0.5, 1.0), "<f8"));
        String message = assertThrows(IllegalArgumentException.class, () -> NpyReader.readNpz(fractional, null, null)).getMessage();
        assertTrue(message.contains("non-integer"), message);

        Map<String, byte[]> arrays = xy("x", "y", TestFiles.le(1L, 2L), "<i8");
        arrays.put("x", Arrays.copyOf(arrays.get("x"), arrays.get("x").length - 8));
        Path cut = archive("cut.npz", true, arrays);
        message = assertThrows(IllegalArgumentException.class, () -> NpyReader.readNpz(cut, null, null)).getMessage();
        assertTrue(message.contains("cut.npz [x.npy]: expected 32 bytes") && message.endsWith("found 24"), message);

        Path notZip = TestFiles.text(dir.resolve("plain.npz"), "not a zip");
        assertThrows(IllegalArgumentException.class, () -> NpyReader.npzNames(notZip));
    }

    @Test
    void separateNpyFilesForFeaturesAndLabels() {
        Path x = npy("x.npy", TestFiles.npy(1, "|u1", false, new long[] {2, 1, 2, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) 255}));
        Path y = npy("y.npy", TestFiles.npy(1, "<i8", false, new long[] {2}, TestFiles.le(1L, 0L)));
        try (LoadedData data = NpyReader.read(x, y)) {
            assertEquals(ScalarType.Byte, data.features().scalar_type().intern()); // uint8 images stay uint8
            assertArrayEquals(new long[] {1, 2, 2}, data.sampleShape());
            assertArrayEquals(new long[] {1, 0}, Tensors.toLongs(data.labels()));
        }
        Path three = npy("y3.npy", TestFiles.npy(1, "<i8", false, new long[] {3}, TestFiles.le(1L, 0L, 1L)));
        String message = assertThrows(IllegalArgumentException.class, () -> NpyReader.read(x, three)).getMessage();
        assertTrue(message.contains("2 samples but labels have shape [3]"), message);
    }
}
