package io.github.dann4j.interop;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.NativeOps;
import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.nn.DannModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * PyTorch state_dict files: a pickled {@code Dict[str, Tensor]} written and read by libtorch's own
 * {@code pickle_save} / {@code pickle_load}. Python's {@code torch.load(path)} returns the dict a
 * {@link #save} wrote, and a file from {@code torch.save(model.state_dict(), path)} loads with
 * {@link #loadInto}, for a PyTorch module whose children are {@code feature}, {@code classifier}
 * and {@code discriminator} (see the README for the class).
 */
public final class StateDict {
    private StateDict() {}

    /** Writes the model's parameters and buffers (as CPU tensors) to {@code file}, atomically. */
    public static void save(DannModel model, Path file) {
        save(model.stateTensors(), file);
    }

    /** Writes {@code tensors} in iteration order as a state_dict file, atomically. */
    public static void save(Map<String, Tensor> tensors, Path file) {
        try (PointerScope scope = new PointerScope()) {
            StringVector keys = new StringVector();
            TensorVector values = new TensorVector();
            for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
                TensorChecks.requireUsable(entry.getValue(), "tensor '" + entry.getKey() + "'");
                keys.push_back(entry.getKey());
                values.push_back(entry.getValue());
            }
            AtomicFiles.write(file, temporary -> {
                try {
                    NativeOps.save_tensor_dict(temporary.toString(), keys, values);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("cannot write state_dict " + file + ": " + e.getMessage(), e);
                }
            });
        }
    }

    /**
     * Reads a state_dict file into CPU tensors, by key in the file's order. The tensors belong to
     * the enclosing PointerScope (or to the caller, who closes them).
     *
     * @throws IllegalArgumentException if the file is missing or not a pickled dict of tensors
     */
    public static Map<String, Tensor> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("state_dict file " + file + " does not exist or is not a file");
        }
        try {
            io.github.dann4j.internal.ZipIntegrity.check(file, "state_dict");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read state_dict " + file + ": " + e.getMessage(), e);
        }
        StringVector keys = new StringVector();
        TensorVector values = new TensorVector();
        try {
            NativeOps.load_tensor_dict(file.toString(), keys, values);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read state_dict " + file + ": " + e.getMessage(), e);
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (long i = 0; i < keys.size(); i++) {
            // An owned handle: values.get(i) refers into the vector, which is closed below.
            result.put(keys.get(i).getString(), new Tensor(values.get(i)));
        }
        keys.close();
        values.close();
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
