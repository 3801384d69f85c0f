package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path root;
    Path images;

    @BeforeEach
    void makeFolder() throws IOException {
        images = Files.createDirectory(root.resolve("imgs"));
    }

    /** Channel c of pixel (x, y) of RGB image i: distinct, known values. */
    private static int rgb(int i, int c, int x, int y) {
        return 80 * c + 20 * i + 4 * y + x;
    }

    private Path rgbImage(int i, int width, int height) {
        return TestFiles.rgbPng(images.resolve(String.format("%03d.png", i)), width, height,
                (x, y) -> rgb(i, 0, x, y) << 16 | rgb(i, 1, x, y) << 8 | rgb(i, 2, x, y));
    }

    private Path labels(String content) {
        return TestFiles.text(root.resolve("imgs_labels.txt"), content);
    }

    private String error(Path labelsFile) {
        String message = assertThrows(IllegalArgumentException.class, () -> ImageFolderReader.read(images, labelsFile)).getMessage();
        return message;
    }

    @Test
    void readsRgbImagesAsUint8ChannelsFirstInLabelsFileOrder() {
        for (int i = 0; i < 3; i++) {
            rgbImage(i, 4, 3);
        }
        // Order differs from the names' order; blank lines are ignored.
        Path list = labels("002.png 5\n\n000.png 7\n  \n001.png 0\n");
        try (LoadedData data = ImageFolderReader.read(images, list)) {
            assertEquals(ScalarType.Byte, data.features().scalar_type().intern());
            assertArrayEquals(new long[] {3, 3, 3, 4}, TensorChecks.shape(data.features()));
            assertArrayEquals(new long[] {5, 7, 0}, Tensors.toLongs(data.labels()));
            long[] values = Tensors.toLongs(data.features());
            int[] order = {2, 0, 1};
            int k = 0;
            for (int n = 0; n < 3; n++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 3; y++) {
                        for (int x = 0; x < 4; x++) {
                            assertEquals(rgb(order[n], c, x, y), values[k++], "sample " + n + " channel " + c + " at " + x + "," + y);
                        }
                    }
                }
            }
        }
    }

    @Test
    void readsGreyImagesAsOneChannel() {
        TestFiles.greyPng(images.resolve("a.png"), 2, 2, (x, y) -> 250 + x + 2 * y);
        TestFiles.greyPng(images.resolve("b.png"), 2, 2, (x, y) -> x * 10 + y);
        try (LoadedData data = ImageFolderReader.read(images, labels("a.png 1\nb.png 2\n"))) {
            assertArrayEquals(new long[] {2, 1, 2, 2}, TensorChecks.shape(data.features()));
            assertArrayEquals(new long[] {250, 251, 252, 253, 0, 10, 1, 11}, Tensors.toLongs(data.features()));
        }
    }

    @Test
    void manyImagesKeepTheirOrderUnderParallelDecoding() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            int value = i;
            TestFiles.greyPng(images.resolve("g" + i + ".png"), 3, 2, (x, y) -> value);
            list.append("g").append(i).append(".png ").append(i % 10).append('\n');
        }
        try (LoadedData data = ImageFolderReader.read(images, labels(list.toString()))) {
            long[] values = Tensors.toLongs(data.features());
            for (int i = 0; i < 60; i++) {
                assertEquals(i, values[6 * i]);
                assertEquals(i, values[6 * i + 5]);
            }
        }
    }

    @Test
    void limitReadsOnlyTheFirstLines() {
        for (int i = 0; i < 3; i++) {
            rgbImage(i, 2, 2);
        }
        try (LoadedData data = ImageFolderReader.read(images, labels("000.png 1\n\n001.png 2\n002.png 3\n"), 2)) {
            assertEquals(2, data.size());
            assertArrayEquals(new long[] {1, 2}, Tensors.toLongs(data.labels()));
            assertTrue(data.origin().contains("first 2"), data.origin());
        }
    }

    @Test
    void imagesOfAnotherSizeOrChannelCountAreNamed() {
        rgbImage(0, 4, 3);
        rgbImage(1, 4, 3);
        rgbImage(2, 5, 3);
        rgbImage(3, 6, 3);
        String message = error(labels("000.png 0\n001.png 0\n002.png 0\n003.png 0\n"));
        assertTrue(message.startsWith(images.resolve("002.png").toString()), message); // the first offender, not 003
        assertTrue(message.contains("5x3 with 3 channels") && message.contains("4x3 with 3 channels"), message);

        TestFiles.greyPng(images.resolve("grey.png"), 4, 3, (x, y) -> 0);
        message = error(labels("000.png 0\ngrey.png 0\n"));
        assertTrue(message.contains("grey.png: image is 4x3 with 1 channel (grey)"), message);
    }

    @Test
    void missingAndUnreadableImagesAreErrors() {
        rgbImage(0, 2, 2);
        String message = error(labels("000.png 0\nmissing.png 1\n"));
        assertTrue(message.contains("line 2: image file") && message.contains("missing.png does not exist"), message);

        TestFiles.text(images.resolve("broken.png"), "not an image");
        message = error(labels("000.png 0\nbroken.png 1\n"));
        assertTrue(message.contains("broken.png") && message.contains("not a readable image"), message);

        message = error(root.resolve("nowhere.txt"));
        assertTrue(message.contains("labels file does not exist"), message);
    }

    @Test
    void badLabelLinesNameTheLine() {
        rgbImage(0, 2, 2);
        assertTrue(error(labels("000.png 0\n\n000.png\n")).contains("line 3: expected '<file name> <label>', found '000.png'"));
        assertTrue(error(labels("000.png seven\n")).contains("line 1: label 'seven' is not an integer"));
        assertTrue(error(labels("000.png -1\n")).contains("line 1: label -1 is negative"));
    }

    @Test
    void readsJpegAndUnlabelledFolders() throws IOException {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_3BYTE_BGR);
        assertTrue(ImageIO.write(image, "jpeg", images.resolve("b.jpg").toFile()));
        TestFiles.rgbPng(images.resolve("a.png"), 8, 6, (x, y) -> 0x102030);
        TestFiles.text(images.resolve("notes.txt"), "ignored");
        try (LoadedData data = ImageFolderReader.readUnlabelled(images, Long.MAX_VALUE)) {
            assertFalse(data.isLabelled());
            assertArrayEquals(new long[] {2, 3, 6, 8}, TensorChecks.shape(data.features()));
            long[] values = Tensors.toLongs(data.features());
            assertEquals(0x10, values[0]); // a.png sorts first: its red channel
            assertEquals(0x20, values[48]);
            assertEquals(0x30, values[96]);
        }
    }
}
