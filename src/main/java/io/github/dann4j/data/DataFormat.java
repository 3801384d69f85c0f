package io.github.dann4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The on-disk formats {@link DataLoaders} reads, and how one is recognised. */
public enum DataFormat {
    /** MNIST-style IDX (raw or gzip), recognised by its magic number. See {@link IdxReader}. */
    IDX("IDX files (MNIST images 0x00000803, optionally gzip)"),
    /** A directory of PNG/JPEG images with a labels file. See {@link ImageFolderReader}. */
    IMAGE_FOLDER("an image folder (a directory of .png/.jpg files with a '<file> <label>' labels file)"),
    /** A NumPy {@code .npy} file, recognised by its magic {@code \x93NUMPY}. See {@link NpyReader}. */
    NPY(".npy (NumPy array)"),
    /** A NumPy {@code .npz} archive (a zip file). See {@link NpyReader}. */
    NPZ(".npz (NumPy archive of x/y or features/labels)"),
    /** Comma-separated values with a header row, by the {@code .csv} name. See {@link CsvReader}. */
    CSV(".csv (header row, numeric columns, label column 'label')");

    private final String description;

    DataFormat(String description) {
        this.description = description;
    }

    /** A short description for messages. */
    public String description() {
        return description;
    }

    /** Every supported format, for messages: {@code "IDX files (...), an image folder (...), ..."}. */
    public static String supported() {
        StringBuilder b = new StringBuilder();
        for (DataFormat f : values()) {
            b.append(b.length() == 0 ? "" : "; ").append(f.description);
        }
        return b.toString();
    }

    /**
     * Recognises the format of {@code path}: a directory is an image folder; a file by its first
     * bytes (NumPy magic, zip magic, IDX magic after gunzip if gzip) and otherwise by a
     * {@code .csv} name. Throws listing the supported formats when nothing matches.
     */
    public static DataFormat detect(Path path) {
        if (Files.isDirectory(path)) {
            return IMAGE_FOLDER;
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + ": no such file or directory");
        }
        byte[] head = Streams.head(path, 6);
        if (head.length == 6 && (head[0] & 0xff) == 0x93 && head[1] == 'N' && head[2] == 'U' && head[3] == 'M'
                && head[4] == 'P' && head[5] == 'Y') {
            return NPY;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return NPZ;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (looksLikeIdx(path)) {
            return IDX;
        }
        throw new IllegalArgumentException(path + ": unknown data format; supported: " + supported());
    }

    private static boolean looksLikeIdx(Path path) {
        try {
            int magic = IdxReader.magic(path);
            // 0x0000TTDD: two zero bytes, a known IDX element type, 1..4 dimensions.
            int type = (magic >>> 8) & 0xff;
            int dims = magic & 0xff;
            return (magic >>> 16) == 0 && (type == 0x08 || type == 0x09 || (type >= 0x0b && type <= 0x0e)) && dims >= 1 && dims <= 4;
        } catch (RuntimeException e) {
            return false; // too short or unreadable as IDX: not this format
        }
    }
}
