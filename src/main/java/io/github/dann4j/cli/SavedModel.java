package io.github.dann4j.cli;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.ModelSize;
import io.github.dann4j.runtime.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A model folder written by train: model.pt (state_dict) and model.properties (architecture, preprocessing). */
final class SavedModel implements AutoCloseable {
    final ModelSpec spec;
    final DannModel model;

    private SavedModel(ModelSpec spec, DannModel model) {
        this.spec = spec;
        this.model = model;
    }

    /** The files {@link #load} reads from {@code folder}: model.properties and model.pt. */
    static List<Path> files(Path folder) {
        return List.of(folder.resolve("model.properties"), folder.resolve("model.pt"));
    }

    /**
     * Reads the folder. Before the model is built, its size as model.properties describes it is
     * checked against model.pt: a state_dict holds every parameter, so a file smaller than one byte
     * a parameter cannot belong to it (a 300-byte description must not allocate gigabytes).
     */
    static SavedModel load(Path folder) {
        Path properties = folder.resolve("model.properties");
        Path weights = folder.resolve("model.pt");
        ModelSpec spec = ModelSpec.load(properties);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("model weights " + weights + " do not exist (expected beside model.properties)");
        }
        long parameters = spec.parameterCount();
        ModelSize.require(parameters, spec.classes(), properties.toString());
        long size;
        try {
            size = Files.size(weights);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + weights + ": " + Messages.of(e), e);
        }
        if (parameters > size) {
            throw new IllegalArgumentException(properties + " describes a model of " + (parameters == Long.MAX_VALUE
                    ? "more than 2^63" : String.format(Locale.ROOT, "%,d", parameters)) + " parameters ("
                    + Limits.describe(ModelSize.bytes(parameters)) + " in float32) but " + weights + " holds only "
                    + size + " bytes; the two do not belong together");
        }
        DannModel model = spec.build();
        try {
            StateDict.loadInto(model, folder.resolve("model.pt"));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new SavedModel(spec, model);
    }

    @Override
    public void close() {
        model.close();
    }
}
