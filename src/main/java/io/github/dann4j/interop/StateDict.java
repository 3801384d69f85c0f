package io.github.dann4j.interop;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.nn.DannModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * PyTorch state_dict files: a pickled {@code Dict[str, Tensor]} in {@code torch.save}'s zip
 * format. Python's {@code torch.load(path, weights_only=True)} returns the dict a {@link #save}
 * wrote, and a file from {@code torch.save(model.state_dict(), path)} loads with
 * {@link #loadInto}, for a PyTorch module whose children are {@code feature}, {@code classifier}
 * and {@code discriminator} (see the README for the class). Files are read by the safe reader
 * ({@link TorchFile}): a file that names code, or whose tensors do not fit their storage, is
 * refused before any tensor exists.
 */
public final class StateDict {
    private StateDict() {}

    /** Writes the model's parameters and buffers (as CPU tensors) to {@code file}, atomically. */
    public static void save(DannModel model, Path file) {
        save(model.stateTensors(), file);
    }

    /** Writes {@code tensors} in iteration order as a state_dict file, atomically. */
    public static void save(Map<String, Tensor> tensors, Path file) {
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            TensorChecks.requireUsable(entry.getValue(), "tensor '" + entry.getKey() + "'");
        }
        TorchFile.write(file, new LinkedHashMap<>(tensors), "state_dict");
    }

    /**
     * Reads a state_dict file into CPU tensors, by key in the file's order. The tensors belong to
     * the enclosing PointerScope (or to the caller, who closes them). A Python state_dict's
     * {@code _metadata} (module versions) is dropped.
     *
     * @throws IllegalArgumentException if the file is missing, unsafe, damaged, or not a dict of
     *         tensors by string keys
     */
    public static Map<String, Tensor> load(Path file) {
        Object value = TorchFile.read(file, "state_dict");
        try {
            return tensorsByName(value);
        } catch (IllegalArgumentException e) {
            TorchFile.closeTensors(value);
            throw new IllegalArgumentException("cannot read state_dict " + file + ": " + e.getMessage(), e);
        }
    }

    /** The value as a {@code Dict[str, Tensor]}, or an explanation of why it is not one. */
    static Map<String, Tensor> tensorsByName(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("it holds a " + PickleValues.typeName(value) + ", not a dict of tensors");
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("a key is a " + PickleValues.typeName(entry.getKey()) + ", not a string");
            }
            if (!(entry.getValue() instanceof Tensor tensor)) {
                throw new IllegalArgumentException("the value of '" + key + "' is a " + PickleValues.typeName(entry.getValue())
                        + ", not a tensor");
            }
            result.put(key, tensor);
        }
        return result;
    }

    /** Loads a state_dict file into the model's parameters (see {@link #copyInto}). */
    public static void loadInto(DannModel model, Path file) {
        try (PointerScope scope = new PointerScope()) {
            copyInto(model, load(file), file.toString());
        }
    }

    /**
     * Copies tensors into the model's parameters and buffers, converting to each parameter's
     * dtype and device. Nothing is copied unless every key matches and every shape agrees.
     *
     * @param origin named in error messages
     * @throws IllegalArgumentException listing missing keys, unexpected keys and shape mismatches
     */
    public static void copyInto(DannModel model, Map<String, Tensor> tensors, String origin) {
        Map<String, Tensor> own = model.stateTensors();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> entry : own.entrySet()) {
            Tensor given = tensors.get(entry.getKey());
            if (given == null) {
                missing.add(entry.getKey());
            } else if (!Arrays.equals(TensorChecks.shape(given), TensorChecks.shape(entry.getValue()))) {
                mismatched.add(entry.getKey() + " (file " + Arrays.toString(TensorChecks.shape(given)) + ", model "
                        + Arrays.toString(TensorChecks.shape(entry.getValue())) + ")");
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : tensors.keySet()) {
            if (!own.containsKey(key)) {
                unexpected.add(key);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            StringBuilder message = new StringBuilder("state_dict ").append(origin).append(" does not fit the model:");
            if (!missing.isEmpty()) {
                message.append(" missing keys ").append(missing).append(';');
            }
            if (!unexpected.isEmpty()) {
                message.append(" unexpected keys ").append(unexpected).append(';');
            }
            if (!mismatched.isEmpty()) {
                message.append(" shape mismatches ").append(mismatched).append(';');
            }
            throw new IllegalArgumentException(message.substring(0, message.length() - 1));
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> entry : own.entrySet()) {
                entry.getValue().copy_(tensors.get(entry.getKey()));
            }
        }
    }
}
