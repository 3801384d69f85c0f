package io.github.dann4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One dann4j process per output folder (a lock another JVM sees, released when the holder dies),
 * stale temporary files removed at the next run, and temporary files removed on SIGTERM.
 */
class OutputLockTest {

    private static Process child(Class<?> main, Path dir, String arg) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(), arg)
                .redirectError(new File(dir.toFile(), main.getSimpleName() + ".err")).start();
    }

    private static String firstLine(Process child) throws Exception {
        return new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
    }

    @Test
    void aFolderLockedByAnotherProcessIsRefusedUntilThatProcessEnds(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        Process holder = child(LockHolderMain.class, dir, folder.toString());
        try {
            String line = firstLine(holder);
            assertTrue(line != null && line.startsWith("locked"), "child did not lock: " + line);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputLock.acquire(folder));
            assertEquals("output folder " + folder + " is in use by another dann4j process (pid " + holder.pid()
                    + "), which holds " + folder.resolve(".dann4j.lock") + "; wait for it to finish or choose another output",
                    e.getMessage());
        } finally {
            holder.destroyForcibly(); // SIGKILL: the operating system releases the lock
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (OutputLock lock = OutputLock.acquire(folder)) {
            assertTrue(lock.isHeld());
        }
    }

    @Test
    void aSecondLockInThisJvmIsRefusedAndCloseReleases(@TempDir Path dir) {
        try (OutputLock first = OutputLock.acquire(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputLock.acquire(dir));
            assertTrue(e.getMessage().startsWith("output folder " + dir + " is in use by another run in this process"),
                    e.getMessage());
        }
        OutputLock.acquire(dir).close();
    }

    @Test
    void staleTemporaryFilesOfTheOutputsAreRemovedAndNothingElse(@TempDir Path dir) throws Exception {
        Path stale = Files.writeString(dir.resolve(".model.pt.8812345678901.tmp"), "torn");
        Path other = Files.writeString(dir.resolve(".notes.txt.123.tmp"), "someone else's");
        Path similar = Files.writeString(dir.resolve(".model.pt.backup.tmp"), "not ours either");
        try (OutputLock lock = OutputLock.acquire(dir, "model.pt", "metrics.csv")) {
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(other) && Files.exists(similar));
        }
    }

    @Test
    void sigtermRemovesTheTemporaryFileOfAWriteInProgress(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("checkpoint.ckpt");
        Process writer = child(SlowWriterMain.class, dir, target.toString());
        String line = firstLine(writer);
        assertTrue(line != null && line.startsWith("writing "), "child did not start writing: " + line);
        Path temporary = Path.of(line.substring("writing ".length()));
        assertTrue(Files.exists(temporary));
        writer.destroy(); // SIGTERM: the shutdown hook runs
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(temporary), "temporary file left after SIGTERM: " + temporary);
        assertFalse(Files.exists(target));
    }
}
