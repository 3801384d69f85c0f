package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.runtime.Limits;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files that ask for huge memory are refused from their headers, before anything is
 * allocated, with one line naming the file and what it asked for (issue 20, item 3).
 */
class ResourceBoundsTest {

    private static String error(Runnable read) {
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IllegalArgumentException.class, read::run));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    /** Runs {@code body} with {@code -Ddann4j.limit.memory} set to {@code value}. */
    static void withMemoryLimit(String value, Runnable body) {
        String old = System.getProperty(Limits.MEMORY);
        System.setProperty(Limits.MEMORY, value);
        try {
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(Limits.MEMORY);
            } else {
                System.setProperty(Limits.MEMORY, old);
            }
        }
    }

    @Test
    void anNpzBombIsRefusedBeforeItInflates(@TempDir Path dir) {
        // 1 GB of uint8 declared, a few hundred bytes of deflated data: deflate cannot expand that far.
        byte[] header = TestFiles.npy(1, "|u1", false, new long[] {1L << 30}, new byte[4096]);
        Path bomb = TestFiles.npz(dir.resolve("bomb.npz"), Map.of("x", header), true);
        String message = error(() -> NpyReader.readNpz(bomb, "x").close());
        assertTrue(message.startsWith(bomb + " [x.npy]: shape [1073741824] and dtype |u1 need 1.1 GB of data, more than"
                + " its compressed data can hold"), message);
    }

    @Test
    void anNpzEntryOverTheMemoryLimitIsRefused(@TempDir Path dir) {
        // 64 kB of zeros deflates to ~100 bytes and could inflate that far: the memory limit refuses it.
        Path npz = TestFiles.npz(dir.resolve("zeros.npz"),
                Map.of("x", TestFiles.npy(1, "|u1", false, new long[] {65536}, new byte[65536])), true);
        withMemoryLimit("16k", () -> {
            String message = error(() -> NpyReader.readNpz(npz, "x").close());
            assertTrue(message.contains("zeros.npz [x.npy] (shape [65536] and dtype |u1) would need 65.5 kB, over the limit"
                    + " of 16.4 kB (raise it with -Ddann4j.limit.memory=SIZE)"), message);
        });
        NpyReader.readNpz(npz, "x").close(); // the default limit allows it
    }

    @Test
    void anNpyShapeThatOverflowsIsRefused(@TempDir Path dir) {
        Path npy = TestFiles.write(dir.resolve("huge.npy"),
                TestFiles.npy(1, "<f8", false, new long[] {1L << 40, 1L << 40}, new byte[16]));
        String message = error(() -> NpyReader.read(npy).close());
        assertTrue(message.contains("huge.npy: expected 9223372036854775807 bytes") && message.endsWith("found 16"), message);
    }

    @Test
    void idxDimensionsThatOverflowSayTheyOverflow(@TempDir Path dir) {
        int big = Integer.MAX_VALUE;
        Path idx = TestFiles.idx(dir.resolve("x-images-idx3-ubyte"), IdxReader.IMAGES_MAGIC, new int[] {big, big, big},
                new byte[189], false);
        String message = error(() -> IdxReader.readImages(idx).close());
        assertTrue(message.contains("dimensions [2147483647, 2147483647, 2147483647] multiply to more than 2^63 bytes"), message);
        assertFalse(message.contains("cannot allocate"), message);
    }

    @Test
    void idxDimensionsOverTheMemoryLimitAreRefused(@TempDir Path dir) {
        Path idx = TestFiles.idx(dir.resolve("x-images-idx3-ubyte"), IdxReader.IMAGES_MAGIC, new int[] {100, 28, 28},
                new byte[100 * 28 * 28], true);
        withMemoryLimit("10k", () -> {
            String message = error(() -> IdxReader.readImages(idx).close());
            assertTrue(message.contains("(IDX dimensions [100, 28, 28]) would need 78.4 kB, over the limit"), message);
        });
    }

    @Test
    void csvRowsTimesColumnsAreBoundedWhileReading(@TempDir Path dir) {
        StringBuilder text = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 2000; i++) {
            text.append("1,2,3,0\n");
        }
        Path csv = TestFiles.text(dir.resolve("big.csv"), text.toString());
        withMemoryLimit("8k", () -> {
            String message = error(() -> CsvReader.read(csv).close());
            assertTrue(message.startsWith(csv + " (line ") && message.contains("the rows so far times the columns) would need"),
                    message);
        });
    }

    @Test
    void aLabelAskingForMoreClassesThanTheLimitIsRefusedAtItsLine(@TempDir Path dir) {
        Path csv = TestFiles.text(dir.resolve("labels.csv"), "a,label\n0.5,1\n0.7,150000\n");
        String message = error(() -> CsvReader.read(csv).close());
        assertTrue(message.equals(csv + ": line 3, column 'label': label 150000 asks for more than 10000 classes, the limit"
                + " (raise it with -Ddann4j.limit.classes=N)"), message);
    }

    @Test
    void labelsWithoutLineNumbersAreCheckedAgainstTheClassLimitBeforeAModelIsBuilt(@TempDir Path dir) {
        Path x = TestFiles.write(dir.resolve("x.npy"), TestFiles.npy(1, "<f4", false, new long[] {2, 1}, TestFiles.le(1f, 2f)));
        Path y = TestFiles.write(dir.resolve("y.npy"), TestFiles.npy(1, "<i8", false, new long[] {2}, TestFiles.le(0L, 150000L)));
        try (LoadedData data = NpyReader.read(x, y)) {
            String message = error(data::classCount);
            assertTrue(message.equals("NPY " + x + " with labels " + y + ": label 150000 of sample 1 asks for 150001 classes,"
                    + " over the limit of 10000 (raise it with -Ddann4j.limit.classes=N)"), message);
            assertTrue(error(() -> data.requireLabelsBelow(10)).endsWith("label 150000 of sample 1 is out of range for 10"
                    + " classes (labels 0 to 9)"));
        }
    }

    @Test
    void aPngHeaderClaimingAHugeImageIsRefusedBeforeDecoding(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("images");
        java.nio.file.Files.createDirectories(folder);
        Path png = TestFiles.write(folder.resolve("huge.png"), pngHeader(60000, 60000));
        Path labels = TestFiles.text(dir.resolve("images_labels.txt"), "huge.png 0\n");
        String message = error(() -> ImageFolderReader.read(folder, labels).close());
        assertTrue(message.equals(png + " (a 60000x60000 image, decoded) would need 43.2 GB, over the limit of 4.3 GB"
                + " (raise it with -Ddann4j.limit.memory=SIZE)"), message);
    }

    @Test
    void imagesTimesTheirSizeAreBoundedBeforeTheTensorExists(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("images");
        java.nio.file.Files.createDirectories(folder);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            TestFiles.rgbPng(folder.resolve(i + ".png"), 32, 32, (x, y) -> x * 8);
            list.append(i).append(".png 1\n");
        }
        Path labels = TestFiles.text(dir.resolve("images_labels.txt"), list.toString());
        withMemoryLimit("50k", () -> {
            String message = error(() -> ImageFolderReader.read(folder, labels).close());
            assertTrue(message.contains("(20 images of 32x32 with 3 channels (RGB)) would need 61.4 kB"), message);
        });
    }

    /** A PNG signature, an IHDR chunk for an 8-bit RGB image of the given size, and IEND: no pixels. */
    static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 2, 0, 0, 0}); // bit depth 8, colour type RGB, deflate, no filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
