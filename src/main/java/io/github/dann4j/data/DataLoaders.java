package io.github.dann4j.data;

import io.github.dann4j.internal.Libtorch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One call for a command-line tool: recognise the format of a path ({@link DataFormat#detect})
 * and read it with the matching reader.
 *
 * <p>Labels, unless {@link LoadOptions#labels()} names a file, are found as follows:
 * <ul>
 *   <li>IDX images {@code X-images-idx3-ubyte[.gz]}: the file beside it with {@code images-idx3}
 *       replaced by {@code labels-idx1} (or {@code images} by {@code labels});</li>
 *   <li>image folder {@code dir/}: {@code dir_labels.txt} beside it (the MNIST-M layout) or
 *       {@code dir/labels.txt}; without either, every image in the folder, sorted by name;</li>
 *   <li>{@code .npz}: the arrays named in {@link NpyReader#LABEL_NAMES}; CSV: the label column
 *       (a labels file given for either is refused);
 *       {@code .npy}: only an explicit labels file.</li>
 * </ul>
 * When none is found the data is unlabelled (fine for target data; check with
 * {@link LoadedData#requireLabelled}). The result belongs to the caller (close it).
 */
public final class DataLoaders {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private DataLoaders() {}

    /** {@link #load(Path, LoadOptions)} with {@link LoadOptions#DEFAULTS}. */
    public static LoadedData load(Path path) {
        return load(path, LoadOptions.DEFAULTS);
    }

    /**
     * Reads {@code path} in whatever supported format it is in; CSV and NumPy features as
     * {@link LoadOptions#dtype()}, images as uint8.
     */
    public static LoadedData load(Path path, LoadOptions options) {
        DataFormat format = DataFormat.detect(path);
        long limit = options.limit();
        if (options.regression()) {
            return regression(path, format, options);
        }
        return switch (format) {
            case IMAGE_FOLDER -> {
                Path labels = options.labels() != null ? options.labels() : folderLabels(path);
                yield labels == null ? ImageFolderReader.readUnlabelled(path, limit) : ImageFolderReader.read(path, labels, limit);
            }
            case IDX -> limited(IdxReader.read(idxImages(path), options.labels() != null ? options.labels() : idxLabels(path)), limit);
            case NPY -> limited(NpyReader.read(path, options.labels(), options.dtype()), limit);
            case NPZ -> {
                requireNoLabelsFile(path, options, ".npz data carries its labels as an array inside it");
                yield limited(NpyReader.readNpz(path, options.featuresName(), options.labelsName(), options.dtype()), limit);
            }
            case CSV -> {
                requireNoLabelsFile(path, options, "CSV data carries its labels in its own '" + options.labelColumn() + "' column");
                yield limited(CsvReader.read(path, options.labelColumn(), options.dtype()), limit);
            }
        };
    }

    /** Regression targets: CSV target columns, a floating labels .npy beside .npy features, or a .npz targets array. */
    private static LoadedData regression(Path path, DataFormat format, LoadOptions options) {
        long limit = options.limit();
        return switch (format) {
            case NPY -> limited(NpyReader.readRegression(path, options.labels(), options.dtype()), limit);
            case NPZ -> {
                requireNoLabelsFile(path, options, ".npz data carries its targets as an array inside it");
                yield limited(NpyReader.readNpzRegression(path, options.featuresName(), options.labelsName(), options.dtype()),
                        limit);
            }
            case CSV -> {
                requireNoLabelsFile(path, options, "CSV data carries its targets in its own columns "
                        + options.regressionColumns());
                yield limited(CsvReader.readRegression(path, options.regressionColumns(), options.dtype()), limit);
            }
            case IDX, IMAGE_FOLDER -> {
                if (options.labels() != null) {
                    throw new IllegalArgumentException("regression targets for " + path + " (" + format.name().toLowerCase(
                            java.util.Locale.ROOT).replace('_', ' ') + ") come from CSV columns or a .npy/.npz array;"
                            + " give the images as .npy features with a targets .npy");
                }
                // The images alone, their class labels dropped: unlabelled target-domain data.
                try (LoadedData images = load(path, options.asClassification())) {
                    yield LoadedData.of(images.features(), null, images.origin() + " (images only: no regression targets)");
                }
            }
        };
    }

    /** CSV and .npz data carry their own labels: a labels file given for them is refused, not silently ignored. */
    private static void requireNoLabelsFile(Path path, LoadOptions options, String where) {
        if (options.labels() != null) {
            throw new IllegalArgumentException("labels file " + options.labels() + " given for " + path + ", but " + where
                    + "; a separate labels file is read only for IDX images, image folders and .npy");
        }
    }

    /**
     * Every file or folder {@link #load(Path, LoadOptions)} reads for {@code path}: the data, and
     * the labels file it finds beside the data (IDX labels, an image folder's labels file) or
     * {@code options} names. An output must be none of them (see
     * {@code io.github.dann4j.runtime.Outputs#requireNotInput}); an image folder stands for all its
     * images.
     */
    public static List<Path> inputs(Path path, LoadOptions options) {
        List<Path> inputs = new ArrayList<>();
        inputs.add(path);
        if (options.labels() != null) {
            inputs.add(options.labels());
            return inputs;
        }
        if (!Files.exists(path)) {
            return inputs; // load() says it does not exist
        }
        Path labels = switch (DataFormat.detect(path)) {
            case IMAGE_FOLDER -> folderLabels(path);
            case IDX -> idxLabels(path);
            default -> null;
        };
        if (labels != null) {
            inputs.add(labels);
        }
        return inputs;
    }

    private static Path idxImages(Path path) {
        int magic = IdxReader.magic(path);
        if (magic == IdxReader.LABELS_MAGIC) {
            throw new IllegalArgumentException(path + " is an IDX label file; pass the image file (its labels are found"
                    + " beside it, or give this file as the labels)");
        }
        return path; // IdxReader checks the rest of the magic with a precise message
    }

    /** The label file beside an IDX image file, or null. */
    static Path idxLabels(Path images) {
        String name = images.getFileName().toString();
        List<String> candidates = new ArrayList<>();
        if (name.contains("images-idx3")) {
            candidates.add(name.replace("images-idx3", "labels-idx1"));
        }
        if (name.contains("images")) {
            candidates.add(name.replace("images", "labels"));
        }
        return firstExisting(images.toAbsolutePath().getParent(), candidates);
    }

    /** {@code dir_labels.txt} beside the folder or {@code labels.txt} inside it, or null. */
    static Path folderLabels(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        Path beside = absolute.getParent() == null ? null : absolute.resolveSibling(absolute.getFileName() + "_labels.txt");
        if (beside != null && Files.isRegularFile(beside)) {
            return beside;
        }
        Path inside = folder.resolve("labels.txt");
        return Files.isRegularFile(inside) ? inside : null;
    }

    private static Path firstExisting(Path dir, List<String> names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static LoadedData limited(LoadedData data, long limit) {
        if (limit >= data.size()) {
            return data;
        }
        try (data) {
            return data.first(limit);
        }
    }
}
