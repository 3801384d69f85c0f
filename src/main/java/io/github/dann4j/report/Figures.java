package io.github.dann4j.report;

import io.github.dann4j.internal.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run folder ({@code *.png}, {@code *.svg} beside its other outputs), read with
 * bounds and embedded as {@code data:} URIs. An SVG is embedded in an {@code <img>} too, not as
 * markup: a hostile SVG's scripts and external references then neither run nor load.
 */
final class Figures {
    private static final List<String> FIRST = List.of("training_curves", "decision_boundaries", "feature_space", "confusion_matrix");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** A figure: its file name and the {@code data:} URI of its bytes. */
    record Figure(String name, String dataUri) {}

    private Figures() {}

    /** The folder's figures, the usual ones first (training curves, decision boundaries, features, confusion). */
    static List<Figure> read(Path folder, RunReport.Limits limits) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (!name.startsWith(".") && (lower.endsWith(".png") || lower.endsWith(".svg"))
                        && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + folder + ": " + Messages.of(e), e);
        }
        if (files.size() > limits.maxFigures()) {
            throw new IllegalArgumentException(folder + " has " + files.size() + " figures; a report embeds at most "
                    + limits.maxFigures());
        }
        files.sort(Comparator.comparingInt(Figures::rank).thenComparing(p -> p.getFileName().toString()));
        List<Figure> figures = new ArrayList<>();
        for (Path file : files) {
            figures.add(figure(file, limits.maxFigureBytes()));
        }
        return figures;
    }

    private static int rank(Path file) {
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('.'));
        int at = FIRST.indexOf(stem);
        return at < 0 ? FIRST.size() : at;
    }

    private static Figure figure(Path file, long maxBytes) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new IllegalArgumentException(file + " is " + size + " bytes; a report embeds figures of at most " + maxBytes);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) maxBytes + 1);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + Messages.of(e), e);
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(file + " grew over " + maxBytes + " bytes while being read");
        }
        String name = file.getFileName().toString();
        boolean png = name.toLowerCase(Locale.ROOT).endsWith(".png");
        if (png && !startsWith(bytes, PNG)) {
            throw new IllegalArgumentException(file + " is not a PNG file (its first bytes are not PNG's signature)");
        }
        if (!png && !looksLikeSvg(bytes)) {
            throw new IllegalArgumentException(file + " is not an SVG file (no <svg element at its start)");
        }
        return new Figure(name, "data:image/" + (png ? "png" : "svg+xml") + ";base64," + Base64.getEncoder().encodeToString(bytes));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeSvg(byte[] bytes) {
        String start = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
        return start.contains("<svg");
    }
}
