package io.github.dann4j.runtime;

import io.github.dann4j.internal.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The rule that an output never overwrites an input, compared by real paths: symbolic links are
 * followed and {@code ..} resolved, so {@code run/../data.csv} and a link to {@code data.csv} are
 * {@code data.csv}. An input that is a folder (an image folder) protects everything inside it.
 */
public final class Outputs {
    private Outputs() {}

    /**
     * Refuses {@code output} if it is one of {@code inputs} (files read explicitly or implicitly:
     * labels beside IDX images, a model folder's files) or lies inside an input folder.
     *
     * @throws IllegalArgumentException naming the output and the input it would overwrite (or the
     *     input folder it would write into)
     */
    public static void requireNotInput(Path output, Collection<Path> inputs) {
        Path out = real(output);
        for (Path input : inputs) {
            if (input == null) {
                continue;
            }
            Path in = real(input);
            if (out.equals(in)) {
                throw new IllegalArgumentException("output " + output + " would overwrite the input " + input
                        + "; choose another output");
            }
            if (Files.isDirectory(in) && out.startsWith(in)) {
                throw new IllegalArgumentException("output " + output + " would write into the input folder " + input
                        + "; choose another output");
            }
        }
    }

    /**
     * The real path of {@code path}, which need not exist: the real path of its longest existing
     * ancestor, followed by the rest (normalised).
     */
    public static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path + ": " + Messages.of(e), e);
        }
    }
}
