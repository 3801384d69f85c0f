package io.github.dann4j.data;

import static io.github.dann4j.data.ResourceBoundsTest.withMemoryLimit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features read as float64 ({@link LoadOptions#withDtype}) keep what float32 would round away,
 * float32 stays the default, and the checks on values and memory hold for 8-byte values.
 */
class Float64FeaturesTest {
    @TempDir
    Path dir;

    /** Two values a float32 cannot tell apart: 0.1 and 0.1 + 1e-12. */
    private static final String CLOSE = "0.100000000001";

    @Test
    void csvAsFloat64KeepsEveryParsedDigit() {
        Path file = TestFiles.text(dir.resolve("a.csv"), "a,b,label\n0.1," + CLOSE + ",1\n-2.5,3.141592653589793,0\n");
        double[] parsed = {0.1, Double.parseDouble(CLOSE), -2.5, Math.PI};
        try (LoadedData data = CsvReader.read(file, "label", ScalarType.Double)) {
            assertEquals(ScalarType.Double, data.features().scalar_type().intern());
            double[] values = Tensors.toDoubles(data.features());
            assertArrayEquals(parsed, values, 0.0);
            assertNotEquals(values[0], values[1]);
            assertArrayEquals(new long[] {1, 0}, Tensors.toLongs(data.labels()));
        }
        try (LoadedData data = CsvReader.read(file)) { // the default is float32, as before
            assertEquals(ScalarType.Float, data.features().scalar_type().intern());
            double[] values = Tensors.toDoubles(data.features());
            assertEquals(values[0], values[1]);
            assertArrayEquals(new double[] {(float) parsed[0], (float) parsed[1], -2.5, (float) Math.PI}, values, 0.0);
        }
    }

    private String csvError(String content, ScalarType dtype) {
        Path file = TestFiles.text(dir.resolve("bad.csv"), content);
        String message = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(file, "label", dtype)).getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        return message;
    }

    @Test
    void csvValuesAreCheckedForTheChosenType() {
        Path file = TestFiles.text(dir.resolve("big.csv"), "a\n1e300\n");
        try (LoadedData data = CsvReader.read(file, "label", ScalarType.Double)) {
            assertArrayEquals(new double[] {1e300}, Tensors.toDoubles(data.features()), 0.0);
        }
        assertTrue(csvError("a\n1e300\n", ScalarType.Float).endsWith("line 2, column 'a': feature value 1e300 is outside the"
                + " float32 range"));
        assertTrue(csvError("a\n1\n1e400\n", ScalarType.Double).endsWith("line 3, column 'a': feature value 1e400 is outside"
                + " the float64 range"));
        assertTrue(csvError("a,b\n1,NaN\n", ScalarType.Double).endsWith("line 2, column 'b': feature value NaN is not finite"));
        assertTrue(csvError("a\n-Infinity\n", ScalarType.Double).endsWith("feature value -Infinity is not finite"));
        assertTrue(csvError("a\n1d\n", ScalarType.Double).endsWith("line 2, column 'a': '1d' is not a number"));
        assertTrue(csvError("a,label\n1,0.5\n", ScalarType.Double).contains("label '0.5' is not an integer"));
    }

    @Test
    void csvMemoryIsCountedInEightByteValues() {
        // 1500 values (unlabelled): the array grows once, to 2048 values, which is 8 kB as float32
        // and 16 kB as float64: a 12 kB limit lets only the first through.
        Path csv = TestFiles.text(dir.resolve("rows.csv"), "a\n" + "1.5\n".repeat(1500));
        withMemoryLimit("12k", () -> {
            CsvReader.read(csv).close();
            String message = assertThrows(IllegalArgumentException.class,
                    () -> CsvReader.read(csv, "label", ScalarType.Double).close()).getMessage();
            assertTrue(message.startsWith(csv + " (line ") && message.contains("the rows so far times the columns) would"
                    + " need 16.4 kB, over the limit of 12.3 kB"), message);
        });
    }

    private Path npy(String name, String descr, long[] shape, byte[] data) {
        return TestFiles.write(dir.resolve(name), TestFiles.npy(1, descr, false, shape, data));
    }

    @Test
    void npyF8IsKeptExactlyAndF4IsWidened() {
        double[] d = {Math.PI, 0.1, Double.parseDouble(CLOSE), 1e-300};
        Path f8 = npy("f8.npy", "<f8", new long[] {2, 2}, TestFiles.le(d));
        try (LoadedData data = NpyReader.read(f8, null, ScalarType.Double)) {
            assertEquals(ScalarType.Double, data.features().scalar_type().intern());
            assertArrayEquals(d, Tensors.toDoubles(data.features()), 0.0);
        }
        try (LoadedData data = NpyReader.read(f8, null)) { // the default is float32, as before
            assertEquals(ScalarType.Float, data.features().scalar_type().intern());
            assertArrayEquals(new double[] {(float) d[0], (float) d[1], (float) d[2], (float) d[3]},
                    Tensors.toDoubles(data.features()), 0.0);
        }
        float[] f = {0.1f, -1.5f};
        try (LoadedData data = NpyReader.read(npy("f4.npy", "<f4", new long[] {2, 1}, TestFiles.le(f)), null, ScalarType.Double)) {
            assertEquals(ScalarType.Double, data.features().scalar_type().intern());
            assertArrayEquals(new double[] {f[0], f[1]}, Tensors.toDoubles(data.features()), 0.0);
        }
        try (LoadedData data = NpyReader.read(npy("i8.npy", "<i8", new long[] {2, 1}, TestFiles.le(3L, -4L)), null,
                ScalarType.Double)) {
            assertEquals(ScalarType.Double, data.features().scalar_type().intern());
            assertArrayEquals(new double[] {3, -4}, Tensors.toDoubles(data.features()), 0.0);
        }
        Path u1 = npy("u1.npy", "|u1", new long[] {1, 1, 2, 2}, new byte[] {0, 1, (byte) 200, (byte) 255});
        try (LoadedData data = NpyReader.read(u1, null, ScalarType.Double)) {
            assertEquals(ScalarType.Byte, data.features().scalar_type().intern()); // images stay uint8
        }
    }

    @Test
    void npzAndDataLoadersHonourTheDtype() {
        double[] d = {0.1, Double.parseDouble(CLOSE)};
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x", TestFiles.npy(1, "<f8", false, new long[] {2, 1}, TestFiles.le(d)));
        arrays.put("y", TestFiles.npy(1, "<i8", false, new long[] {2}, TestFiles.le(1L, 0L)));
        Path npz = TestFiles.npz(dir.resolve("d.npz"), arrays, true);
        Path csv = TestFiles.text(dir.resolve("d.csv"), "x,label\n0.1,1\n" + CLOSE + ",0\n");
        Path npy = npy("d.npy", "<f8", new long[] {2, 1}, TestFiles.le(d));
        for (Path path : new Path[] {npz, csv, npy}) {
            try (LoadedData data = DataLoaders.load(path, LoadOptions.DEFAULTS.withDtype(ScalarType.Double))) {
                assertEquals(ScalarType.Double, data.features().scalar_type().intern(), path.toString());
                assertArrayEquals(d, Tensors.toDoubles(data.features()), 0.0, path.toString());
            }
            try (LoadedData data = DataLoaders.load(path)) {
                assertEquals(ScalarType.Float, data.features().scalar_type().intern(), path.toString());
            }
        }
        try (LoadedData data = NpyReader.readNpz(npz, null, null, ScalarType.Double);
                LoadedData first = data.first(1)) {
            assertArrayEquals(new double[] {0.1}, Tensors.toDoubles(first.features()), 0.0);
            assertEquals(ScalarType.Double, first.features().scalar_type().intern());
        }
    }

    @Test
    void widenedNpyCopiesCountAgainstTheMemoryLimit() {
        // 2000 float32 values: 8 kB as read, 16 kB more as float64.
        Path f4 = npy("wide.npy", "<f4", new long[] {2000, 1}, new byte[8000]);
        withMemoryLimit("12k", () -> {
            NpyReader.read(f4, null).close();
            String message = assertThrows(IllegalArgumentException.class,
                    () -> NpyReader.read(f4, null, ScalarType.Double).close()).getMessage();
            assertEquals("NPY " + f4 + " (unlabelled) (features [2000, 1] as float64) would need 16.0 kB, over the limit of"
                    + " 12.3 kB (raise it with -Ddann4j.limit.memory=SIZE)", message);
        });
    }

    @Test
    void onlyFloat32AndFloat64AreAccepted() {
        String expected = "features can be read as float32 (ScalarType.Float) or float64 (ScalarType.Double), not ";
        assertEquals(expected + "Half", assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.DEFAULTS.withDtype(ScalarType.Half)).getMessage());
        assertEquals(expected + "null", assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.DEFAULTS.withDtype(null)).getMessage());
        Path csv = TestFiles.text(dir.resolve("ok.csv"), "a\n1\n");
        assertEquals(expected + "Long", assertThrows(IllegalArgumentException.class,
                () -> CsvReader.read(csv, "label", ScalarType.Long)).getMessage());
        assertEquals(ScalarType.Float, LoadOptions.DEFAULTS.dtype());
    }

    @Test
    void normalizationAndResizeKeepFloat64() {
        try (PointerScope scope = new PointerScope()) {
            double v = Double.parseDouble(CLOSE);
            Tensor x = Tensors.fromDoubles(new double[] {v, 1.0}, ScalarType.Double, 2, 1);
            Tensor out = Normalization.of(new double[] {0.1}, new double[] {3}).apply(x);
            assertEquals(ScalarType.Double, out.scalar_type().intern());
            assertArrayEquals(new double[] {(v - 0.1) / 3, (1.0 - 0.1) / 3}, Tensors.toDoubles(out), 0.0);

            Tensor image = Tensors.fromDoubles(new double[] {v, 0.2, 0.3, 0.4}, ScalarType.Double, 1, 1, 2, 2);
            Tensor same = Preprocessing.resize(image, 2, 2, Interpolation.BILINEAR);
            assertEquals(ScalarType.Double, same.scalar_type().intern());
            assertArrayEquals(Tensors.toDoubles(image), Tensors.toDoubles(same), 0.0);
        }
    }
}
