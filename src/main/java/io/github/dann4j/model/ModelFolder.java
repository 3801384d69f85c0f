package io.github.dann4j.model;

import io.github.dann4j.internal.Messages;
import io.github.dann4j.interop.StateDict;
import io.github.dann4j.nn.Architecture;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.ModelSize;
import io.github.dann4j.runtime.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The model folder, dann4j's format for a trained model (what {@code dann4j train} writes and
 * {@code evaluate}, {@code predict} and {@link TrainedModel#load} read): {@code model.pt}, the
 * weights as a PyTorch state_dict ({@code torch.load(..., weights_only=True)} reads it), and
 * {@code model.properties}, a {@link ModelDescription}. Both are written atomically, the weights
 * first. Reading goes through dann4j's safe reader only (no code runs, every size is checked).
 */
public final class ModelFolder {
    /** The weights' file name. */
    public static final String WEIGHTS = "model.pt";
    /** The description's file name. */
    public static final String DESCRIPTION = "model.properties";

    private ModelFolder() {}

    /** The files of a model folder: model.properties and model.pt. */
    public static List<Path> files(Path folder) {
        return List.of(folder.resolve(DESCRIPTION), folder.resolve(WEIGHTS));
    }

    /**
     * Writes {@code model} (on any device, float32 or float64) and the preprocessing its inputs
     * need into {@code folder} (created if missing; the two files are replaced).
     *
     * @throws IllegalArgumentException for a model with a feature extractor of the caller's own:
     *     nothing could rebuild it (save its weights with {@link StateDict#save} instead)
     */
    public static void save(DannModel model, Preprocessor preprocessor, Path folder) {
        if (model == null || preprocessor == null || folder == null) {
            throw new IllegalArgumentException("model, preprocessor and folder must not be null");
        }
        Architecture architecture = model.architecture().orElseThrow(() -> new IllegalArgumentException(
                "this model has a feature extractor of its own, which a model folder cannot describe (it holds the MLP"
                        + " and the digits network); save its weights with StateDict.save and rebuild it in code"));
        ModelDescription description = ModelDescription.of(architecture, preprocessor, dtypeOf(model));
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + Messages.of(e), e);
        }
        StateDict.save(model, folder.resolve(WEIGHTS));
        description.write(folder.resolve(DESCRIPTION));
    }

    /** Reads and checks a folder's description (nothing native is made). */
    public static ModelDescription description(Path folder) {
        return ModelDescription.read(folder.resolve(DESCRIPTION));
    }

    /**
     * Builds the model a folder describes and loads its weights, on the CPU in the weights' dtype.
     * Before anything is built, the size the description implies is checked against
     * {@link Limits} and against model.pt's size: a state_dict holds every parameter, so a file
     * smaller than one byte a parameter cannot belong to it (a 300-byte description must not
     * allocate gigabytes).
     */
    static Loaded load(Path folder) {
        Path weights = folder.resolve(WEIGHTS);
        ModelDescription description = description(folder);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("model weights " + weights + " do not exist (expected beside " + DESCRIPTION + ")");
        }
        Architecture architecture = description.architecture();
        long parameters = architecture.parameterCount();
        ModelSize.require(parameters, architecture.classes(), folder.resolve(DESCRIPTION).toString());
        long size;
        try {
            size = Files.size(weights);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + weights + ": " + Messages.of(e), e);
        }
        if (parameters > size) {
            throw new IllegalArgumentException(folder.resolve(DESCRIPTION) + " describes a model of " + (parameters == Long.MAX_VALUE
                    ? "more than 2^63" : String.format(Locale.ROOT, "%,d", parameters)) + " parameters ("
                    + Limits.describe(ModelSize.bytes(parameters)) + " in float32) but " + weights + " holds only "
                    + size + " bytes; the two do not belong together");
        }
        // Built outside any PointerScope: the model owns its modules, a scope would free them.
        DannModel model = architecture.build();
        try (PointerScope scope = new PointerScope()) {
            java.util.Map<String, Tensor> tensors = StateDict.load(weights);
            ScalarType stored = floatingType(tensors, weights);
            if (description.dtype() != null && description.dtype() != stored) {
                throw new IllegalArgumentException(folder.resolve(DESCRIPTION) + " says dtype "
                        + ModelDescription.dtypeName(description.dtype()) + " but " + weights + " holds "
                        + ModelDescription.dtypeName(stored) + " weights");
            }
            if (stored == ScalarType.Double) {
                model.to(new org.bytedeco.pytorch.Device("cpu"), ScalarType.Double);
            }
            StateDict.copyInto(model, tensors, weights.toString());
            return new Loaded(description.withDtype(stored), model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A model and its description, as {@link #load} read them; the caller owns the model. */
    record Loaded(ModelDescription description, DannModel model) {
    }

    /** The one floating dtype of a state_dict (float32 or float64). */
    private static ScalarType floatingType(java.util.Map<String, Tensor> tensors, Path file) {
        ScalarType found = null;
        for (java.util.Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            ScalarType type = entry.getValue().scalar_type().intern();
            if (!entry.getValue().is_floating_point()) {
                continue;
            }
            if (type != ScalarType.Float && type != ScalarType.Double) {
                throw new IllegalArgumentException(file + ": " + entry.getKey() + " is " + type
                        + "; a model's weights are float32 or float64");
            }
            if (found != null && found != type) {
                throw new IllegalArgumentException(file + ": the weights mix float32 and float64 (" + entry.getKey() + ")");
            }
            found = type;
        }
        return found == null ? ScalarType.Float : found;
    }

    /** The dtype of a model's parameters. */
    public static ScalarType dtypeOf(DannModel model) {
        try (PointerScope scope = new PointerScope()) {
            for (Tensor t : model.stateTensors().values()) {
                if (t.is_floating_point()) {
                    return t.scalar_type().intern();
                }
            }
        }
        return ScalarType.Float;
    }
}
