package io.github.dann4j.cli;

import io.github.dann4j.data.LoadedData;
import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.Architecture;
import io.github.dann4j.nn.DigitsNetwork;
import io.github.dann4j.nn.DomainOutput;
import io.github.dann4j.nn.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * train's options for the network: the architecture and, for the MLP, its layer widths and
 * activation. The digits network fixes all but its domain head and class count, so options that
 * would change them are refused, and what the model folder records is the network built.
 */
final class ArchitectureOptions {
    @Option(names = "--architecture", defaultValue = "auto", description = "mlp, digits, or auto (digits for images, mlp otherwise).")
    String architecture;
    @Option(names = "--features", split = ",", description = "MLP feature extractor layer sizes (default: 100; not for"
            + " digits, whose feature extractor is fixed).")
    long[] featureSizes;
    @Option(names = "--classifier", split = ",", description = "Label predictor layer sizes; the last is the number of classes"
            + " (default: one layer, classes from the labels; digits: only the number of classes, its head is 100,100,classes).")
    long[] classifierSizes;
    @Option(names = "--discriminator", split = ",", description = "Domain classifier layer sizes after the features; the last is"
            + " the number of outputs (default: 1 for mlp; the paper's 100,1 for digits).")
    long[] discriminatorSizes;
    @Option(names = "--activation", description = "tanh, relu or sigmoid (default: relu; digits: relu only).")
    String activation;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** The domain head's width that the run needs (per-domain labels: one logit per domain), or 0: as chosen. */
    private long requiredDomainOutputs;
    private String requiredBy;

    /**
     * Makes the domain classifier end in {@code outputs} logits: the default head gets that last
     * width, a --discriminator that ends otherwise is refused (naming {@code why}).
     */
    void requireDomainOutputs(long outputs, String why) {
        requiredDomainOutputs = outputs;
        requiredBy = why;
        domainHead(new long[] {outputs}); // refuses a mismatching --discriminator now, before any output is made
    }

    /** The --discriminator sizes, or {@code defaults} with the required last width. */
    private long[] domainHead(long[] defaults) {
        if (discriminatorSizes != null) {
            long last = discriminatorSizes[discriminatorSizes.length - 1];
            if (requiredDomainOutputs > 0 && last != requiredDomainOutputs) { // (picocli gives at least one size)
                throw new CommandLine.ParameterException(spec.commandLine(), requiredBy + " needs a domain classifier of "
                        + requiredDomainOutputs + " outputs, but --discriminator ends in " + last);
            }
            return discriminatorSizes;
        }
        long[] head = defaults.clone();
        if (requiredDomainOutputs > 0) {
            head[head.length - 1] = requiredDomainOutputs;
        }
        return head;
    }

    /** Refuses MLP-only options up front when --architecture digits is given (auto decides on the data). */
    void requireDigitsOptionsIfChosen() {
        if (architecture.equals("digits")) {
            requireDigitsOptions("--architecture digits");
        }
    }

    /** The network for the source's samples and the options. */
    Architecture architecture(LoadedData sourceData, Path source) {
        return architecture(sourceData, source, Task.CLASSIFICATION);
    }

    /**
     * The network for the source's samples, the options and {@code task}: a regression head has
     * one output per target column (the source's targets decide; a --classifier whose last width
     * differs is refused).
     */
    Architecture architecture(LoadedData sourceData, Path source, Task task) {
        long[] sampleShape = sourceData.sampleShape();
        String chosen = architecture.equals("auto") ? (sampleShape.length == 3 ? "digits" : "mlp") : architecture;
        long[] classifier;
        if (task == Task.REGRESSION) {
            long m = sourceData.targetWidth();
            if (classifierSizes != null && classifierSizes.length > 0 && classifierSizes[classifierSizes.length - 1] != m) {
                throw new IllegalArgumentException("--classifier ends in " + classifierSizes[classifierSizes.length - 1]
                        + " outputs but " + source + " has " + m + " regression targets per sample");
            }
            classifier = classifierSizes != null && classifierSizes.length > 0 ? classifierSizes : new long[] {m};
        } else if (classifierSizes != null && classifierSizes.length > 0) {
            classifier = classifierSizes;
            sourceData.requireLabelsBelow(classifier[classifier.length - 1]);
        } else {
            classifier = new long[] {sourceData.classCount()}; // checked against the limit
        }
        if (chosen.equals("mlp") && sampleShape.length != 1) {
            throw new IllegalArgumentException("the MLP needs flat samples but " + source + " has samples of shape "
                    + java.util.Arrays.toString(sampleShape) + "; use --architecture digits for images");
        }
        if (chosen.equals("digits")) {
            if (architecture.equals("auto")) {
                requireDigitsOptions("--architecture auto (digits for images " + java.util.Arrays.toString(sampleShape) + ")");
            }
            if (sampleShape[1] != sampleShape[2]) {
                throw new IllegalArgumentException("the digits network needs square images [channels, side, side] but "
                        + source + " has " + java.util.Arrays.toString(sampleShape) + "; use --crop or --resize");
            }
            return Architecture.digits(sampleShape[0], sampleShape[1], classifier[classifier.length - 1],
                    domainHead(DigitsNetwork.paperDomainHead())).withTask(task);
        }
        return Architecture.mlp(sampleShape[0], featureSizes != null ? featureSizes : new long[] {100}, classifier,
                domainHead(new long[] {1}),
                Activation.parse(activation != null ? activation : "relu"), DomainOutput.LOGITS).withTask(task);
    }

    /**
     * The digits network fixes its feature extractor, its label head's hidden widths and its
     * activation: options that would change them are refused (bad usage), not ignored.
     */
    private void requireDigitsOptions(String chosen) {
        List<String> refused = new ArrayList<>();
        if (featureSizes != null) {
            refused.add("--features does not apply (its feature extractor is two convolutions)");
        }
        if (classifierSizes != null && classifierSizes.length > 1 && !java.util.Arrays.equals(classifierSizes,
                DigitsNetwork.paperLabelHead(classifierSizes[classifierSizes.length - 1]))) {
            refused.add("--classifier takes only the number of classes (e.g. --classifier "
                    + classifierSizes[classifierSizes.length - 1] + "), not " + java.util.Arrays.stream(classifierSizes)
                    .mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(","))
                    + " (its label head is 100,100,classes)");
        }
        if (activation != null && Activation.parse(activation) != Activation.RELU) {
            refused.add("--activation " + activation + " does not apply (it uses ReLU)");
        }
        if (!refused.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), chosen + " fixes the network's layers: "
                    + String.join("; ", refused));
        }
    }
}
