package io.github.dann4j.model;

import io.github.dann4j.grl.GradientReversal;
import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.Architecture;
import io.github.dann4j.nn.DomainConditioning;
import io.github.dann4j.nn.DigitsNetwork;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.nn.Task;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * A model folder's {@code model.properties}: the architecture, the preprocessing, the dtype of the
 * weights and the versions that wrote it (format {@value #FORMAT_VERSION}; see the README's "Model
 * folder" section for every key). Formats 1 and 2, written by earlier dann4j, are read as well.
 *
 * <p>Immutable.
 */
public final class ModelDescription {
    /**
     * 4: adds domain_map (what the domain classifier sees: none, multilinear, randomized:d; absent
     * means none) and task (classification or regression; absent means classification, and for a
     * regression model classes is the number of predicted values). 3: adds classes, dtype, dann4j_version and libtorch_version. 2: discriminator_sizes is the
     * digits network's domain head too. 1: the digits network's domain head was always 100,1.
     */
    public static final int FORMAT_VERSION = 4;

    private final Architecture architecture;
    private final Preprocessor preprocessor;
    private final ScalarType dtype; // null: not recorded (formats 1, 2); the weights tell
    private final int formatVersion;
    private final String dann4jVersion;   // may be null (formats 1, 2)
    private final String libtorchVersion; // may be null (formats 1, 2)

    private ModelDescription(Architecture architecture, Preprocessor preprocessor, ScalarType dtype, int formatVersion,
            String dann4jVersion, String libtorchVersion) {
        if (architecture == null || preprocessor == null) {
            throw new IllegalArgumentException("architecture and preprocessor must not be null");
        }
        if (dtype != null && dtype != ScalarType.Float && dtype != ScalarType.Double) {
            throw new IllegalArgumentException("a model's dtype is float32 or float64, got " + dtype);
        }
        this.architecture = architecture;
        this.preprocessor = preprocessor;
        this.dtype = dtype;
        this.formatVersion = formatVersion;
        this.dann4jVersion = dann4jVersion;
        this.libtorchVersion = libtorchVersion;
    }

    /** A description this dann4j writes: the current format and versions. */
    public static ModelDescription of(Architecture architecture, Preprocessor preprocessor, ScalarType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null (Float or Double)");
        }
        return new ModelDescription(architecture, preprocessor, dtype.intern(), FORMAT_VERSION, currentDann4jVersion(),
                GradientReversal.bytedecoPytorchVersion());
    }

    public Architecture architecture() {
        return architecture;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** Float or Double: the dtype of the weights, in which inference runs. */
    public ScalarType dtype() {
        return dtype;
    }

    /** The number of classes, or of predicted values for a regression model. */
    public long classes() {
        return architecture.classes();
    }

    /** Classification or regression ({@code task} in model.properties; absent: classification). */
    public Task task() {
        return architecture.task();
    }

    /** The shape of one sample as the network takes it (after preprocessing), e.g. {@code [3, 28, 28]}. */
    public long[] sampleShape() {
        return architecture.sampleShape();
    }

    /** The format the file had: {@value #FORMAT_VERSION} for one written now. */
    public int formatVersion() {
        return formatVersion;
    }

    /** The dann4j version that wrote it ("development build" from a build without a jar), or null before format 3. */
    public String dann4jVersion() {
        return dann4jVersion;
    }

    /** bytedeco's pytorch version that wrote it (e.g. "2.10.0-1.5.13"), or null before format 3. */
    public String libtorchVersion() {
        return libtorchVersion;
    }

    ModelDescription withDtype(ScalarType type) {
        return new ModelDescription(architecture, preprocessor, type, formatVersion, dann4jVersion, libtorchVersion);
    }

    /** This dann4j's version (from the jar's manifest), or "development build" when run from classes. */
    public static String currentDann4jVersion() {
        String version = GradientReversal.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    static String dtypeName(ScalarType type) {
        return type == ScalarType.Double ? "float64" : "float32";
    }

    /** Writes the description atomically (the file is replaced whole or not at all). */
    void write(Path file) {
        Properties p = new Properties();
        preprocessor.store(p);
        p.setProperty("format_version", Integer.toString(FORMAT_VERSION));
        p.setProperty("architecture", architecture.kind().name().toLowerCase(Locale.ROOT));
        p.setProperty("sample_shape", join(architecture.sampleShape()));
        p.setProperty("feature_sizes", join(architecture.featureSizes()));
        p.setProperty("classifier_sizes", join(architecture.classifierSizes()));
        p.setProperty("discriminator_sizes", join(architecture.discriminatorSizes()));
        p.setProperty("activation", architecture.activation().name().toLowerCase(Locale.ROOT));
        p.setProperty("domain_output", architecture.domainOutput().name().toLowerCase(Locale.ROOT));
        p.setProperty("domain_map", architecture.conditioning().text());
        if (architecture.task() != Task.CLASSIFICATION) {
            p.setProperty("task", architecture.task().text());
        }
        p.setProperty("classes", Long.toString(architecture.classes()));
        p.setProperty("dtype", dtypeName(dtype));
        p.setProperty("dann4j_version", dann4jVersion);
        p.setProperty("libtorch_version", libtorchVersion);
        AtomicFiles.write(file, temporary -> {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                p.store(out, "dann4j model folder, format " + FORMAT_VERSION + "; the weights are in model.pt (a PyTorch state_dict)");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + Messages.of(e), e);
            }
        });
    }

    /**
     * Reads a description of format 1 to {@value #FORMAT_VERSION}.
     *
     * @throws IllegalArgumentException naming the file and the key for anything missing or wrong
     */
    static ModelDescription read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model description " + file + " does not exist (expected beside model.pt)");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read model description " + file + ": " + Messages.of(e), e);
        }
        try {
            return parse(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad model description " + file + ": " + Messages.of(e), e);
        }
    }

    private static ModelDescription parse(Properties p) {
        int version = formatVersion(p.getProperty("format_version"));
        String kind = required(p, "architecture");
        long[] sampleShape = parse(required(p, "sample_shape"), "sample_shape");
        long[] classifier = parse(required(p, "classifier_sizes"), "classifier_sizes");
        long[] discriminator = parse(required(p, "discriminator_sizes"), "discriminator_sizes");
        DomainOutput domainOutput = domainOutput(required(p, "domain_output"));
        if (classifier.length == 0) {
            throw new IllegalArgumentException("classifier_sizes is empty (the last size is the number of classes)");
        }
        Architecture architecture;
        switch (kind) {
            case "digits" -> {
                if (sampleShape.length != 3 || sampleShape[1] != sampleShape[2]) {
                    throw new IllegalArgumentException("the digits network needs square images [channels, side, side], "
                            + "sample_shape is " + Arrays.toString(sampleShape));
                }
                if (domainOutput != DomainOutput.LOGITS) {
                    throw new IllegalArgumentException("the digits network's domain_output is logits, got " + domainOutput);
                }
                // Before format 2 the digits network always had the paper's domain head, and this key
                // held the unused MLP default. Earlier dann4j also wrote the MLP options it ignored
                // (feature_sizes, hidden classifier widths, activation): the network built was always
                // this one, with the class count of the last width.
                architecture = Architecture.digits(sampleShape[0], sampleShape[1], classifier[classifier.length - 1],
                        version < 2 ? DigitsNetwork.paperDomainHead() : discriminator);
            }
            case "mlp" -> {
                if (sampleShape.length != 1) {
                    throw new IllegalArgumentException("an MLP takes flat samples [features], sample_shape is "
                            + Arrays.toString(sampleShape));
                }
                architecture = Architecture.mlp(sampleShape[0], parse(p.getProperty("feature_sizes", ""), "feature_sizes"),
                        classifier, discriminator, Activation.parse(required(p, "activation")), domainOutput);
            }
            default -> throw new IllegalArgumentException("unknown architecture '" + kind + "'; this dann4j reads mlp and digits");
        }
        String map = p.getProperty("domain_map");
        if (map != null) {
            long featureWidth = architecture.kind() == Architecture.Kind.DIGITS ? DigitsNetwork.featureSize(sampleShape[1])
                    : architecture.featureSizes()[architecture.featureSizes().length - 1];
            architecture = architecture.withConditioning(DomainConditioning.parse(map, featureWidth, architecture.classes()));
        }
        String task = p.getProperty("task");
        if (task != null) {
            Task parsed = Task.parse(task);
            if (parsed == Task.REGRESSION && architecture.conditioning().conditional()) {
                throw new IllegalArgumentException("task=regression with domain_map=" + architecture.conditioning().text()
                        + ": a regression model's domain classifier sees the features (domain_map none)");
            }
            architecture = architecture.withTask(parsed);
        }
        if (architecture.classes() < architecture.task().minimumOutputs()) {
            throw new IllegalArgumentException("classifier_sizes " + join(classifier) + " ends in " + architecture.classes()
                    + (architecture.task() == Task.REGRESSION ? " (a regression head needs at least 1 output)"
                            : " (a classifier needs at least 2 classes)"));
        }
        ScalarType dtype = null;
        String classes = p.getProperty("classes");
        if (version >= 3) {
            dtype = switch (required(p, "dtype").trim()) {
                case "float32" -> ScalarType.Float;
                case "float64" -> ScalarType.Double;
                default -> throw new IllegalArgumentException("dtype must be float32 or float64, got '" + p.getProperty("dtype") + "'");
            };
            if (!required(p, "classes").trim().equals(Long.toString(architecture.classes()))) {
                throw new IllegalArgumentException("classes=" + classes + " does not match classifier_sizes "
                        + join(classifier) + " (the last size is the number of classes)");
            }
        }
        return new ModelDescription(architecture, Preprocessor.restore(p), dtype, version,
                p.getProperty("dann4j_version"), p.getProperty("libtorch_version"));
    }

    private static DomainOutput domainOutput(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "logits" -> DomainOutput.LOGITS;
            case "probabilities" -> DomainOutput.PROBABILITIES;
            default -> throw new IllegalArgumentException("domain_output must be logits or probabilities, got '" + text + "'");
        };
    }

    /** The file's format version: 1 when absent (files before the key existed), refused unless 1 .. {@link #FORMAT_VERSION}. */
    static int formatVersion(String text) {
        if (text == null) {
            return 1;
        }
        int version;
        try {
            version = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("format_version '" + text + "' is not a number (this dann4j writes "
                    + FORMAT_VERSION + ")");
        }
        if (version > FORMAT_VERSION) {
            throw new IllegalArgumentException("format_version " + version + " is newer than this dann4j reads (1 to "
                    + FORMAT_VERSION + "); use the dann4j version that wrote it, or a newer one");
        }
        if (version < 1) {
            throw new IllegalArgumentException("format_version " + version + " is not a valid version (1 to " + FORMAT_VERSION + ")");
        }
        return version;
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return value;
    }

    private static long[] parse(String list, String key) {
        if (list.isBlank()) {
            return new long[0];
        }
        try {
            return Arrays.stream(list.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + list + "' is not a comma-separated list of integers");
        }
    }

    private static String join(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return architecture + "; " + (dtype == null ? "dtype from the weights" : dtypeName(dtype)) + "; preprocessing: "
                + preprocessor;
    }
}
