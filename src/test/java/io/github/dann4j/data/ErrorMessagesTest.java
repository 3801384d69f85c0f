package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages never end in "...: " with nothing after, nor in "null": found by fuzzing NPZ and NPY
 * files (issue 20, item 6).
 */
class ErrorMessagesTest {

    @Test
    void anNpzWhoseZipDirectoryPointsPastItsEndSaysSo(@TempDir Path dir) throws Exception {
        Path npz = TestFiles.npz(dir.resolve("a.npz"), Map.of("x", TestFiles.npy(1, "<f4", false, new long[] {2},
                TestFiles.le(1f, 2f))), true);
        byte[] bytes = Files.readAllBytes(npz);
        bytes[bytes.length - 1] = 0x65; // the end record's comment length: 0x6500 bytes that are not there
        Files.write(npz, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataLoaders.load(npz).close());
        assertEquals(npz + ": not a readable .npz (zip) archive: it ends before its zip directory says it does",
                e.getMessage());
        assertTrue(e.getCause() instanceof EOFException, String.valueOf(e.getCause()));
    }

    @Test
    void anEmptyNpyHeaderIsNamed(@TempDir Path dir) {
        byte[] empty = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 4, 0, ' ', ' ', ' ', '\n'};
        Path npy = TestFiles.write(dir.resolve("empty.npy"), empty);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpyReader.read(npy).close());
        assertEquals(npy + ": cannot parse the .npy header (structured dtypes are not supported): the header is empty",
                e.getMessage());
    }

    @Test
    void anExceptionWithoutAMessageIsNamedByItsClass() {
        assertEquals("EOFException", io.github.dann4j.internal.Messages.of(new EOFException()));
        assertEquals("no such file /x", io.github.dann4j.internal.Messages.of(new java.nio.file.NoSuchFileException("/x")));
    }
}
