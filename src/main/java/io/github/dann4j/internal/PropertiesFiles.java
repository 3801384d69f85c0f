package io.github.dann4j.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Reads a small properties file the project wrote, refusing one over a size bound before reading it. */
public final class PropertiesFiles {
    private PropertiesFiles() {}

    /**
     * The properties in {@code file} (UTF-8).
     *
     * @param maxMiB the largest size accepted, in MiB
     * @param what   what the file should be, for the error ("a held-out split")
     * @throws IllegalArgumentException "FILE is larger than N MiB; not WHAT"
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static Properties read(Path file, int maxMiB, String what) {
        Properties p = new Properties();
        try {
            if (Files.size(file) > (long) maxMiB << 20) {
                throw new IllegalArgumentException(file + " is larger than " + maxMiB + " MiB; not " + what);
            }
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + Messages.of(e), e);
        }
        return p;
    }
}
