package io.github.dann4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Writes files so that readers see the old content or the new, never a partial file.
 *
 * <p>The temporary file beside the target is named {@code .<name>.<digits>.tmp}. Those being
 * written are removed by a shutdown hook when the JVM is stopped (SIGTERM, SIGINT, System.exit);
 * after a SIGKILL they are left, and {@link #removeStale} deletes them at the next run into that
 * folder (which must hold the folder's lock, see {@code io.github.dann4j.runtime.OutputLock}).
 */
public final class AtomicFiles {
    /** What follows {@code .<target name>.} in a temporary file's name: digits, {@code .tmp}. */
    private static final Pattern TEMPORARY = Pattern.compile("[0-9]+\\.tmp");
    /** Temporary files being written now, removed by the shutdown hook. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::removePending, "dann4j-remove-temporary-files"));
    }

    private AtomicFiles() {}

    /** Whether {@code name} looks like one of {@link #write}'s temporary files for a target named {@code target}. */
    public static boolean isTemporaryName(String name, String target) {
        String prefix = "." + target + ".";
        return name.startsWith(prefix) && name.endsWith(".tmp") && name.length() > prefix.length() + 4
                && TEMPORARY.matcher(name.substring(prefix.length())).matches();
    }

    /**
     * Deletes the temporary files {@link #write} left in {@code directory} for targets named
     * {@code targets} (a process killed while writing them), not those of this process's writes in
     * progress; other files, whatever their names, are left alone. Call it only while holding the
     * folder's lock, so that no other process is writing there.
     *
     * @return the files removed
     */
    public static List<Path> removeStale(Path directory, Collection<String> targets) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory.toAbsolutePath())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (targets.stream().anyMatch(t -> isTemporaryName(name, t)) && !PENDING.contains(entry.toAbsolutePath())
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(entry)) {
                    removed.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temporary files in " + directory + ": " + Messages.of(e), e);
        }
        return removed;
    }

    private static void removePending() {
        for (Path temporary : PENDING) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the JVM is stopping; nothing else can be done
            }
        }
    }

    /**
     * Temporary files are created owner-only (0600); the result should look like any file the
     * user writes: the replaced file's permissions, or rw-r--r-- for a new one.
     */
    private static void keepUsualPermissions(Path temporary, Path target) throws IOException {
        if (!temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temporary, permissions);
    }

    /**
     * Lets {@code writer} fill a temporary file beside {@code target}, forces it to disk, then
     * renames it over {@code target}. On any failure the temporary file is removed and
     * {@code target} is untouched.
     */
    public static void write(Path target, Consumer<Path> writer) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = null;
        try {
            if (directory != null) {
                Files.createDirectories(directory);
            }
            temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
            PENDING.add(temporary);
            writer.accept(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            keepUsualPermissions(temporary, absolute);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            PENDING.remove(temporary);
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + Messages.of(e), e);
        } finally {
            if (temporary != null) {
                PENDING.remove(temporary);
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the original failure is what matters
                }
            }
        }
    }

    /** {@link #write} of {@code text} as UTF-8: {@code target} holds all of it or is untouched. */
    public static void writeString(Path target, CharSequence text) {
        write(target, temporary -> {
            try {
                Files.writeString(temporary, text, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + Messages.of(e), e);
            }
        });
    }
}
