package io.github.dann4j.runtime;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Exclusive use of an output folder by one dann4j process: a lock on the file
 * {@value #FILE_NAME} in the folder ({@link FileChannel#tryLock}, an advisory lock the operating
 * system releases when the process ends, however it ends). A second process, or a second writer
 * in this JVM, is refused while the first holds it, so two {@code train} runs cannot write one
 * output folder. Holding the lock, the stale temporary files of the outputs it will write (from a
 * writer killed with SIGKILL) are removed, see {@link AtomicFiles#removeStale}.
 *
 * <p>The lock file itself stays behind (it holds the last owner's process id); only a held lock
 * counts. Not for network file systems whose locks are unreliable.
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file's name in the output folder. */
    public static final String FILE_NAME = ".dann4j.lock";

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code folder} if needed, locks it and removes the stale temporary files of the
     * outputs named {@code outputs} (e.g. {@code "model.pt"}); other files are left alone, so
     * the folder may be one the user keeps other things in.
     *
     * @throws IllegalStateException if another process (or another writer in this JVM) holds it,
     *     naming the folder and the holder's process id
     * @throws UncheckedIOException if the folder or its lock file cannot be created
     */
    public static OutputLock acquire(Path folder, String... outputs) {
        Path file = folder.resolve(FILE_NAME);
        FileChannel channel;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + folder + ": " + Messages.of(e), e);
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock output folder " + folder + ": " + Messages.of(e), e);
        }
        FileLock lock;
        boolean here = false;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
            here = true; // held by another writer in this JVM
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot lock output folder " + folder + ": " + Messages.of(e), e);
        }
        if (lock == null) {
            String holder = holder(channel);
            close(channel);
            throw new IllegalStateException("output folder " + folder + " is in use by "
                    + (here ? "another run in this process" : "another dann4j process" + (holder.isEmpty() ? "" : " (pid "
                    + holder + ")")) + ", which holds " + file + "; wait for it to finish or choose another output");
        }
        try {
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            AtomicFiles.removeStale(folder, List.of(outputs));
        } catch (IOException e) {
            close(channel); // releases the lock
            throw new UncheckedIOException("cannot lock output folder " + folder + ": " + Messages.of(e), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
        return new OutputLock(folder, channel, lock);
    }

    /** The locked folder. */
    public Path folder() {
        return folder;
    }

    /** Whether this lock is still held. */
    public boolean isHeld() {
        return lock.isValid();
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() {
        close(channel);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            int n = channel.read(buffer, 0);
            return n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).trim().replaceAll("[^0-9]", "");
        } catch (IOException e) {
            return "";
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the lock; nothing more to do
        }
    }
}
