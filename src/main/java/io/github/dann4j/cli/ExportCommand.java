package io.github.dann4j.cli;

import io.github.dann4j.export.ExportOptions;
import io.github.dann4j.export.ExportOptions.InputKind;
import io.github.dann4j.export.ExportOptions.Precision;
import io.github.dann4j.export.ExportedModel;
import io.github.dann4j.export.OnnxExport;
import io.github.dann4j.model.ModelFolder;
import io.github.dann4j.model.TrainedModel;
import io.github.dann4j.runtime.OutputLock;
import io.github.dann4j.runtime.Outputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A model folder to an ONNX file: {@link OnnxExport#export(TrainedModel, Path, ExportOptions)}. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export a model folder as an ONNX file (opset " + OnnxExport.OPSET + ") that ONNX Runtime serves:"
                + " outputs logits and probabilities, the saved preprocessing in the graph.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Folder written by train (model.pt, model.properties).")
    Path modelFolder;
    @Option(names = {"-o", "--output"}, required = true, description = "ONNX file to write, e.g. model.onnx.")
    Path output;
    @Option(names = "--with-domain-output", description = "Add an output target_probability [batch, 1]: the domain"
            + " classifier's probability that an input looks like the target domain (a drift monitor).")
    boolean withDomainOutput;
    @Option(names = "--no-preprocessing", description = "Leave the preprocessing out: the graph takes what the network"
            + " takes (preprocessed floats) instead of the data as it was on disk.")
    boolean noPreprocessing;
    @Option(names = "--precision", defaultValue = "float32", description = "float32 (default, also for float64 models)"
            + " or float64.")
    String precision;
    @Option(names = "--input-type", defaultValue = "auto", description = "What the input holds with the preprocessing in"
            + " the graph: auto (uint8 for image models, float for feature models), uint8 or float.")
    String inputType;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ExportOptions options = ExportOptions.DEFAULTS.withPrecision(precision()).withInputKind(inputKind());
        if (noPreprocessing) {
            options = options.withoutPreprocessing();
        }
        if (withDomainOutput) {
            options = options.withDomainOutput();
        }
        Outputs.requireNotInput(output, ModelFolder.files(modelFolder));
        ExportedModel exported;
        try (OutputLock lock = OutputLock.acquire(output.toAbsolutePath().getParent(), output.getFileName().toString());
                TrainedModel model = TrainedModel.load(modelFolder, "cpu")) {
            exported = OnnxExport.export(model, output, options);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, ONNX opset %d, IR version %d)%n", output, exported.size(),
                exported.opset(), exported.irVersion());
        out.printf(Locale.ROOT, "input %s %s %s -> %s%n", exported.inputName(), exported.inputType(), exported.inputShape(),
                String.join(", ", exported.outputs()));
        for (String note : exported.notes()) {
            out.println("note: " + note);
        }
        out.flush();
        return 0;
    }

    private Precision precision() {
        return choose("--precision", precision, Map.of("float32", Precision.FLOAT32, "float64", Precision.FLOAT64));
    }

    private InputKind inputKind() {
        return choose("--input-type", inputType, Map.of("auto", InputKind.AUTO, "uint8", InputKind.UINT8,
                "float", InputKind.FLOAT));
    }

    /** The value {@code given} names among {@code choices} (case-insensitive), or a usage error listing them. */
    private <T> T choose(String option, String given, Map<String, T> choices) {
        T chosen = choices.get(given.trim().toLowerCase(Locale.ROOT));
        if (chosen == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be one of "
                    + String.join(", ", new java.util.TreeSet<>(choices.keySet())) + ", got '" + given + "'");
        }
        return chosen;
    }
}
