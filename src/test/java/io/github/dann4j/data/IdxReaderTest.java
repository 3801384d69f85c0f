package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** 2 images of 2x3 pixels; values above 127 check that bytes are read unsigned. */
    private static final byte[] PIXELS = new byte[12];
    private static final long[] PIXEL_VALUES = new long[12];

    static {
        for (int i = 0; i < 12; i++) {
            PIXEL_VALUES[i] = i * 23L; // 0 .. 253
            PIXELS[i] = (byte) PIXEL_VALUES[i];
        }
    }

    private Path images(String name, boolean gzip) {
        return TestFiles.idx(dir.resolve(name), IdxReader.IMAGES_MAGIC, new int[] {2, 2, 3}, PIXELS, gzip);
    }

    private Path labels(String name, boolean gzip, byte... values) {
        return TestFiles.idx(dir.resolve(name), IdxReader.LABELS_MAGIC, new int[] {values.length}, values, gzip);
    }

    @Test
    void readsRawAndGzipImagesAsUint8WithAChannelDimension() {
        try (PointerScope scope = new PointerScope()) {
            for (boolean gzip : new boolean[] {false, true}) {
                Tensor t = IdxReader.readImages(images("images-" + gzip, gzip));
                assertEquals(ScalarType.Byte, t.scalar_type().intern());
                assertArrayEquals(new long[] {2, 1, 2, 3}, TensorChecks.shape(t));
                assertArrayEquals(PIXEL_VALUES, Tensors.toLongs(t));
            }
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotTheName() {
        try (PointerScope scope = new PointerScope()) {
            // A compressed file without .gz, and an uncompressed one that pretends to be .gz.
            assertArrayEquals(PIXEL_VALUES, Tensors.toLongs(IdxReader.readImages(images("compressed.idx", true))));
            assertArrayEquals(PIXEL_VALUES, Tensors.toLongs(IdxReader.readImages(images("plain.gz", false))));
        }
    }

    @Test
    void readsLabelsAsInt64() {
        try (PointerScope scope = new PointerScope()) {
            for (boolean gzip : new boolean[] {false, true}) {
                Tensor t = IdxReader.readLabels(labels("labels-" + gzip, gzip, (byte) 7, (byte) 2, (byte) 200));
                assertEquals(ScalarType.Long, t.scalar_type().intern());
                assertArrayEquals(new long[] {7, 2, 200}, Tensors.toLongs(t));
            }
        }
    }

    @Test
    void readsAPairAndChecksTheCountsAgree() {
        try (LoadedData data = IdxReader.read(images("i", true), labels("l", true, (byte) 4, (byte) 9))) {
            assertEquals(2, data.size());
            assertArrayEquals(new long[] {1, 2, 3}, data.sampleShape());
            assertArrayEquals(new long[] {4, 9}, Tensors.toLongs(data.labels()));
            assertArrayEquals(PIXEL_VALUES, Tensors.toLongs(data.features()));
        }
        Path three = labels("three", false, (byte) 1, (byte) 2, (byte) 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.read(images("i2", false), three));
        assertTrue(e.getMessage().contains("has 2 images but") && e.getMessage().contains("three has 3 labels"), e.getMessage());
    }

    @Test
    void truncatedDataIsAnErrorNamingBothLengths() {
        Path file = TestFiles.idx(dir.resolve("short.gz"), IdxReader.IMAGES_MAGIC, new int[] {2, 2, 3},
                Arrays.copyOf(PIXELS, 10), true);
        String message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(file)).getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        assertTrue(message.contains("expected 12 bytes of image data after the header"), message);
        assertTrue(message.endsWith("found 10"), message);
    }

    @Test
    void extraDataIsAnError() {
        Path file = TestFiles.idx(dir.resolve("long"), IdxReader.IMAGES_MAGIC, new int[] {2, 2, 3}, Arrays.copyOf(PIXELS, 15), false);
        String message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(file)).getMessage();
        assertTrue(message.contains("expected 12 bytes") && message.endsWith("found 15"), message);
    }

    @Test
    void wrongMagicIsAnError() {
        Path labelFile = labels("labels", false, (byte) 1);
        String message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(labelFile)).getMessage();
        assertTrue(message.contains("0x00000801") && message.contains("a label file"), message);

        Path imageFile = images("images", false);
        message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(imageFile)).getMessage();
        assertTrue(message.contains("an image file"), message);

        Path text = TestFiles.text(dir.resolve("notes.txt"), "hello, world");
        message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(text)).getMessage();
        assertTrue(message.contains("not an IDX file"), message);
    }

    @Test
    void otherElementTypesAreRejected() {
        Path floats = TestFiles.idx(dir.resolve("floats"), 0x00000D03, new int[] {1, 1, 1}, new byte[4], false);
        String message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(floats)).getMessage();
        assertTrue(message.contains("element type 0x0d is not supported"), message);
    }

    private static byte[] readAll(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void truncatedHeaderAndTruncatedGzipAreErrors() {
        Path header = TestFiles.write(dir.resolve("header"), new byte[] {0, 0, 8, 3, 0, 0, 0, 2});
        String message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(header)).getMessage();
        assertTrue(message.contains("ends inside the IDX header"), message);

        byte[] noise = new byte[100 * 10 * 10];
        new java.util.Random(1).nextBytes(noise); // incompressible, so half the .gz is half the data
        Path whole = TestFiles.idx(dir.resolve("whole.gz"), IdxReader.IMAGES_MAGIC, new int[] {100, 10, 10}, noise, true);
        byte[] gz = readAll(whole);
        Path cut = TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        message = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(cut)).getMessage();
        assertTrue(message.startsWith(cut.toString()) && message.contains("truncated gzip"), message);
    }
}
