package io.github.dann4j.cli;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.DannModel;
import java.nio.file.Path;

/** A model folder written by train: model.pt (state_dict) and model.properties (architecture, preprocessing). */
final class SavedModel implements AutoCloseable {
    final ModelSpec spec;
    final DannModel model;

    private SavedModel(ModelSpec spec, DannModel model) {
        this.spec = spec;
        this.model = model;
    }

    static SavedModel load(Path folder) {
        ModelSpec spec = ModelSpec.load(folder.resolve("model.properties"));
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
