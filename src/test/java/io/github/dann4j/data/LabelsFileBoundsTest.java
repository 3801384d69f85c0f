package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image folder's labels file may name only files inside the folder, and labels within the class limit. */
class LabelsFileBoundsTest {

    private static String error(Path folder, Path labels) {
        return assertThrows(IllegalArgumentException.class, () -> ImageFolderReader.read(folder, labels).close()).getMessage();
    }

    @Test
    void namesLeadingOutOfTheFolderAreRefused(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("images"));
        TestFiles.rgbPng(folder.resolve("0.png"), 4, 4, (x, y) -> 0);
        TestFiles.rgbPng(dir.resolve("secret.png"), 4, 4, (x, y) -> 0); // exists, but outside the folder
        Path labels = TestFiles.text(dir.resolve("images_labels.txt"), "0.png 1\n../secret.png 0\n");
        assertEquals(labels + ": line 2: image '../secret.png' is outside the image folder " + folder
                + "; names must be relative to the folder, without leading '..'", error(folder, labels));

        Path absolute = TestFiles.text(dir.resolve("abs.txt"), dir.resolve("secret.png").toAbsolutePath() + " 0\n");
        assertTrue(error(folder, absolute).contains("line 1: image '" + dir.resolve("secret.png").toAbsolutePath()
                + "' is outside the image folder"));
        Path sneaky = TestFiles.text(dir.resolve("sneaky.txt"), "sub/../../secret.png 0\n");
        assertTrue(error(folder, sneaky).contains("is outside the image folder"));
    }

    @Test
    void dotDotInsideTheFolderIsFine(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(folder.resolve("sub"));
        TestFiles.rgbPng(folder.resolve("0.png"), 4, 4, (x, y) -> 0);
        Path labels = TestFiles.text(dir.resolve("images_labels.txt"), "sub/../0.png 1\n");
        try (LoadedData data = ImageFolderReader.read(folder, labels)) {
            assertEquals(1, data.size());
        }
    }

    @Test
    void labelsPastTheClassLimitAreRefused(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("images"));
        TestFiles.rgbPng(folder.resolve("0.png"), 4, 4, (x, y) -> 0);
        Path labels = TestFiles.text(dir.resolve("images_labels.txt"), "0.png 150000\n");
        assertTrue(error(folder, labels).endsWith("line 1: label 150000 asks for more than 10000 classes, the limit"
                + " (raise it with -Ddann4j.limit.classes=N)"));
    }
}
