package io.github.dann4j.runtime;

import io.github.dann4j.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM for {@link OutputLockTest}: starts an atomic write of {@code args[0]}, prints the
 * temporary file's name once it holds some bytes, then hangs inside the write until it is stopped.
 */
public final class SlowWriterMain {
    private SlowWriterMain() {}

    public static void main(String[] args) {
        AtomicFiles.write(Path.of(args[0]), temporary -> {
            try {
                Files.writeString(temporary, "partial");
                System.out.println("writing " + temporary);
                System.out.flush();
                Thread.sleep(120_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
