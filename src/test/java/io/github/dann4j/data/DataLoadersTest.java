package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoadersTest {
    @TempDir
    Path dir;

    private Path idxImages(String name, boolean gzip) {
        return TestFiles.idx(dir.resolve(name), IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, new byte[12], gzip);
    }

    private Path idxLabels(String name) {
        return TestFiles.idx(dir.resolve(name), IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {4, 5, 6}, true);
    }

    @Test
    void detectsEachFormat() throws IOException {
        assertEquals(DataFormat.IMAGE_FOLDER, DataFormat.detect(Files.createDirectory(dir.resolve("folder"))));
        assertEquals(DataFormat.IDX, DataFormat.detect(idxImages("raw-images", false)));
        assertEquals(DataFormat.IDX, DataFormat.detect(idxImages("gz-images", true)));
        assertEquals(DataFormat.IDX, DataFormat.detect(idxLabels("labels.gz")));
        assertEquals(DataFormat.NPY, DataFormat.detect(TestFiles.write(dir.resolve("a.bin"),
                TestFiles.npy(1, "<f4", false, new long[] {1}, new byte[4]))));
        assertEquals(DataFormat.NPZ, DataFormat.detect(TestFiles.npz(dir.resolve("a.npz"), Map.of("x", new byte[0]), true)));
        assertEquals(DataFormat.CSV, DataFormat.detect(TestFiles.text(dir.resolve("a.CSV"), "a\n1\n")));
    }

    @Test
    void unknownFormatsListTheSupportedOnes() {
        Path text = TestFiles.text(dir.resolve("notes.txt"), "hello");
        String message = assertThrows(IllegalArgumentException.class, () -> DataLoaders.load(text)).getMessage();
        assertTrue(message.startsWith(text + ": unknown data format; supported: IDX files"), message);
        assertTrue(message.contains(".npy") && message.contains(".npz") && message.contains(".csv")
                && message.contains("image folder"), message);
        Path missing = dir.resolve("missing.csv");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataLoaders.load(missing)).getMessage()
                .contains("no such file or directory"));
    }

    @Test
    void idxLabelsAreFoundBesideTheImages() {
        Path images = idxImages("t10k-images-idx3-ubyte.gz", true);
        idxLabels("t10k-labels-idx1-ubyte.gz");
        try (LoadedData data = DataLoaders.load(images)) {
            assertArrayEquals(new long[] {4, 5, 6}, Tensors.toLongs(data.labels()));
            assertArrayEquals(new long[] {1, 2, 2}, data.sampleShape());
        }
        try (LoadedData data = DataLoaders.load(idxImages("other", false))) {
            assertFalse(data.isLabelled());
        }
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataLoaders.load(labels)).getMessage()
                .contains("is an IDX label file"));
        try (LoadedData data = DataLoaders.load(idxImages("x", false), LoadOptions.DEFAULTS.withLabels(labels).withLimit(2))) {
            assertArrayEquals(new long[] {4, 5}, Tensors.toLongs(data.labels()));
        }
    }

    @Test
    void imageFolderLabelsAreFoundBesideOrInside() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("mnist_m_test"));
        TestFiles.greyPng(folder.resolve("0.png"), 2, 2, (x, y) -> 1);
        TestFiles.greyPng(folder.resolve("1.png"), 2, 2, (x, y) -> 2);
        try (LoadedData data = DataLoaders.load(folder)) {
            assertFalse(data.isLabelled()); // no labels file anywhere: every image, sorted by name
            assertEquals(2, data.size());
        }
        TestFiles.text(folder.resolve("labels.txt"), "1.png 3\n");
        try (LoadedData data = DataLoaders.load(folder)) {
            assertArrayEquals(new long[] {3}, Tensors.toLongs(data.labels()));
        }
        TestFiles.text(dir.resolve("mnist_m_test_labels.txt"), "0.png 8\n1.png 9\n");
        try (LoadedData data = DataLoaders.load(folder)) {
            assertArrayEquals(new long[] {8, 9}, Tensors.toLongs(data.labels()));
        }
        try (LoadedData data = DataLoaders.load(folder, LoadOptions.DEFAULTS.withLimit(1))) {
            assertEquals(1, data.size());
        }
    }

    @Test
    void csvAndNumpyGoThroughTheirReaders() {
        Path csv = TestFiles.text(dir.resolve("d.csv"), "y,a\n1,0.5\n0,1.5\n2,2.5\n");
        try (LoadedData data = DataLoaders.load(csv, LoadOptions.DEFAULTS.withLabelColumn("y").withLimit(2))) {
            assertArrayEquals(new long[] {1, 0}, Tensors.toLongs(data.labels()));
            assertArrayEquals(new double[] {0.5, 1.5}, Tensors.toDoubles(data.features()), 0.0);
        }
        Path npz = TestFiles.npz(dir.resolve("d.npz"), Map.of(
                "a", TestFiles.npy(1, "<f4", false, new long[] {2, 1}, TestFiles.le(1f, 2f)),
                "b", TestFiles.npy(1, "<i8", false, new long[] {2}, TestFiles.le(7L, 8L))), false);
        try (LoadedData data = DataLoaders.load(npz, LoadOptions.DEFAULTS.withArrays("a", "b"))) {
            assertArrayEquals(new long[] {7, 8}, Tensors.toLongs(data.labels()));
        }
        Path x = TestFiles.write(dir.resolve("x.npy"), TestFiles.npy(1, "<f4", false, new long[] {2, 1}, TestFiles.le(1f, 2f)));
        Path y = TestFiles.write(dir.resolve("y.npy"), TestFiles.npy(1, "<i8", false, new long[] {2}, TestFiles.le(0L, 1L)));
        try (LoadedData data = DataLoaders.load(x, LoadOptions.DEFAULTS.withLabels(y))) {
            assertArrayEquals(new long[] {0, 1}, Tensors.toLongs(data.labels()));
        }
        // CSV and .npz carry their own labels: a labels file for them is refused, not silently dropped.
        String csvRefused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load(csv, LoadOptions.DEFAULTS.withLabelColumn("y").withLabels(y))).getMessage();
        org.junit.jupiter.api.Assertions.assertEquals("labels file " + y + " given for " + csv + ", but CSV data carries its"
                + " labels in its own 'y' column; a separate labels file is read only for IDX images, image folders and .npy",
                csvRefused);
        String npzRefused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load(npz, LoadOptions.DEFAULTS.withLabels(y))).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(npzRefused.contains(".npz data carries its labels as an array"), npzRefused);
    }
}
