package io.github.dann4j.cli;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.DigitsNetwork;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.nn.ModelSize;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The architecture of a saved model, so that evaluate and predict can rebuild it before loading
 * its state_dict: written as {@code model.properties} beside {@code model.pt}, together with the
 * preprocessing the training data went through (see {@code extra}).
 */
final class ModelSpec {
    /** 2: discriminator_sizes is the digits network's domain head too (1: the head was always 100,1). */
    static final int FORMAT_VERSION = 2;

    final String architecture; // "mlp" or "digits"
    final long[] sampleShape;  // one sample after preprocessing, e.g. [2] or [3, 28, 28]
    final long[] featureSizes; // mlp only
    final long[] classifierSizes;
    final long[] discriminatorSizes;
    final Activation activation;
    final DomainOutput domainOutput;
    /** Preprocessing and other settings to carry along (keys are free-form). */
    final Properties extra;

    ModelSpec(String architecture, long[] sampleShape, long[] featureSizes, long[] classifierSizes,
            long[] discriminatorSizes, Activation activation, DomainOutput domainOutput, Properties extra) {
        if (!architecture.equals("mlp") && !architecture.equals("digits")) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "'; use mlp or digits");
        }
        if (classifierSizes.length == 0) {
            throw new IllegalArgumentException("classifier sizes are empty (the last one is the number of classes)");
        }
        if (architecture.equals("digits") && (featureSizes.length != 0 || activation != Activation.RELU
                || !Arrays.equals(classifierSizes, DigitsNetwork.paperLabelHead(classifierSizes[classifierSizes.length - 1])))) {
            // What is recorded must be the network built: the digits network's layers are fixed.
            throw new IllegalArgumentException("the digits network has no feature layer sizes, the label head "
                    + Arrays.toString(DigitsNetwork.paperLabelHead(classifierSizes[classifierSizes.length - 1]))
                    + " and ReLU; got feature sizes " + Arrays.toString(featureSizes) + ", label head "
                    + Arrays.toString(classifierSizes) + ", " + activation);
        }
        this.architecture = architecture;
        this.sampleShape = sampleShape.clone();
        this.featureSizes = featureSizes.clone();
        this.classifierSizes = classifierSizes.clone();
        this.discriminatorSizes = discriminatorSizes.clone();
        this.activation = activation;
        this.domainOutput = domainOutput;
        this.extra = extra;
    }

    /**
     * The digits network on samples {@code [channels, side, side]}: recorded as it is built, with no
     * feature layer sizes, the paper's label head {@code 100,100,classes} and ReLU.
     */
    static ModelSpec digits(long[] sampleShape, long classes, long[] discriminatorSizes, DomainOutput domainOutput,
            Properties extra) {
        return new ModelSpec("digits", sampleShape, new long[0], DigitsNetwork.paperLabelHead(classes), discriminatorSizes,
                Activation.RELU, domainOutput, extra);
    }

    long classes() {
        return classifierSizes[classifierSizes.length - 1];
    }

    /** A fresh model with this architecture (weights from the current torch seed). */
    DannModel build() {
        if (architecture.equals("digits")) {
            if (sampleShape.length != 3 || sampleShape[1] != sampleShape[2]) {
                throw new IllegalArgumentException("the digits network needs square images [channels, side, side], got "
                        + Arrays.toString(sampleShape));
            }
            return DannModel.digits(sampleShape[0], sampleShape[1], classes(), discriminatorSizes);
        }
        if (sampleShape.length != 1) {
            throw new IllegalArgumentException("an MLP needs flat samples [features], got " + Arrays.toString(sampleShape)
                    + "; use --architecture digits for images");
        }
        return DannModel.mlp(sampleShape[0]).features(featureSizes).classifier(classifierSizes)
                .discriminator(discriminatorSizes).activation(activation).domainOutput(domainOutput).build();
    }

    void save(Path file) {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty("architecture", architecture);
        p.setProperty("sample_shape", join(sampleShape));
        p.setProperty("feature_sizes", join(featureSizes));
        p.setProperty("classifier_sizes", join(classifierSizes));
        p.setProperty("discriminator_sizes", join(discriminatorSizes));
        p.setProperty("activation", activation.name().toLowerCase(java.util.Locale.ROOT));
        p.setProperty("domain_output", domainOutput.name().toLowerCase(java.util.Locale.ROOT));
        p.setProperty("format_version", Integer.toString(FORMAT_VERSION));
        io.github.dann4j.internal.AtomicFiles.write(file, temporary -> {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                p.store(out, "dann4j model architecture; the weights are in model.pt (a PyTorch state_dict)");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + Messages.of(e), e);
            }
        });
    }

    static ModelSpec load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model description " + file + " does not exist (expected beside model.pt)");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + Messages.of(e), e);
        }
        try {
            Properties extra = new Properties();
            extra.putAll(p);
            for (String key : new String[] {"architecture", "sample_shape", "feature_sizes", "classifier_sizes",
                    "discriminator_sizes", "activation", "domain_output", "format_version"}) {
                extra.remove(key);
            }
            int version = formatVersion(p.getProperty("format_version"));
            String architecture = required(p, "architecture", file);
            long[] discriminator = parse(required(p, "discriminator_sizes", file));
            if (architecture.equals("digits") && version < 2) {
                // Before format 2 the digits network always had the paper's domain head, and this
                // key held the unused MLP default.
                discriminator = DigitsNetwork.paperDomainHead();
            }
            long[] classifier = parse(required(p, "classifier_sizes", file));
            if (architecture.equals("digits") && classifier.length > 0) {
                // Earlier dann4j wrote the digits network's description with the MLP options it
                // ignored (feature_sizes=100, classifier_sizes=10, any activation): the network
                // built was always this one, so that is what the description now says.
                return digits(parse(required(p, "sample_shape", file)), classifier[classifier.length - 1], discriminator,
                        DomainOutput.valueOf(required(p, "domain_output", file).toUpperCase(java.util.Locale.ROOT)), extra);
            }
            return new ModelSpec(architecture, parse(required(p, "sample_shape", file)),
                    parse(p.getProperty("feature_sizes", "")), parse(required(p, "classifier_sizes", file)),
                    discriminator, Activation.parse(required(p, "activation", file)),
                    DomainOutput.valueOf(required(p, "domain_output", file).toUpperCase(java.util.Locale.ROOT)), extra);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad model description " + file + ": " + Messages.of(e), e);
        }
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

    /**
     * Parameters of the model this describes, from the layer sizes alone (nothing is built):
     * {@link Long#MAX_VALUE} if that overflows.
     */
    long parameterCount() {
        if (architecture.equals("digits")) {
            if (sampleShape.length != 3) {
                return 0; // build() refuses it with a precise message
            }
            return ModelSize.digits(sampleShape[0], sampleShape[1], classes(), discriminatorSizes);
        }
        return sampleShape.length != 1 ? 0 : ModelSize.mlp(sampleShape[0], featureSizes, classifierSizes, discriminatorSizes);
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return value;
    }

    static long[] parse(String list) {
        if (list.isBlank()) {
            return new long[0];
        }
        try {
            return Arrays.stream(list.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + list + "' is not a comma-separated list of integers");
        }
    }

    static String join(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }
}
