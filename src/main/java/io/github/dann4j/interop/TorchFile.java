package io.github.dann4j.interop;

import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.internal.NativeOps;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Files in {@code torch.save}'s format, read the safe way: the Java counterpart of Python's
 * {@code torch.load(path, weights_only=True)} and {@code torch.save(obj, path)}.
 *
 * <p>{@link #read} accepts dicts, {@code OrderedDict}s, lists, tuples, strings, bytes, integers,
 * floats, booleans, {@code None} and tensors, and nothing else: a file naming any other Python
 * global (code to run) is refused before anything is built, and every tensor's storage record and
 * bounds are checked before the tensor exists (see {@link TorchFileReader}). Bounds come from
 * {@link io.github.dann4j.runtime.Limits}. Neither libtorch's unpickler nor its TorchScript
 * loader ever sees the file.
 */
public final class TorchFile {
    private TorchFile() {}

    /**
     * Reads a file. Dicts come back as {@link java.util.LinkedHashMap}s (in the file's order),
     * lists and tuples as unmodifiable {@link List}s, integers as {@link Long}, floats as
     * {@link Double}, bytes as {@code byte[]}, tensors as CPU {@link Tensor}s owned by the
     * enclosing PointerScope (or by the caller).
     *
     * @param what the kind of file, for messages ("state_dict", "checkpoint")
     * @throws IllegalArgumentException "cannot read WHAT FILE: reason" for anything refused
     */
    public static Object read(Path file, String what) {
        return TorchFileReader.read(file, what);
    }

    /**
     * Writes {@code value} — maps with string keys, lists, strings, integers, doubles, booleans,
     * {@code null} and tensors (saved as contiguous CPU copies) — atomically: a reader or a crash
     * sees the old file or the new one.
     *
     * @throws IllegalArgumentException for a value that cannot be saved or a file that cannot be written
     */
    public static void write(Path file, Object value, String what) {
        PickleWriter writer = new PickleWriter();
        byte[] pickle;
        try {
            pickle = writer.write(value);
        } catch (IllegalArgumentException e) {
            close(writer.storages());
            throw new IllegalArgumentException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
        try (BytePointer bytes = new BytePointer(pickle); TensorVector storages = new TensorVector()) {
            for (Tensor storage : writer.storages()) {
                storages.push_back(storage);
            }
            AtomicFiles.write(file, temporary -> {
                try {
                    NativeOps.save_archive(temporary.toString(), bytes, pickle.length, storages);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("cannot write " + what + " " + file + ": "
                            + Messages.firstLine(e.getMessage()), e);
                }
            });
        } finally {
            close(writer.storages());
        }
    }

    /** Closes every tensor in a value that {@link #read} returned (for a caller that rejects the value). */
    public static void closeTensors(Object value) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(value == null ? List.of() : value);
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (!seen.add(next)) {
                continue;
            }
            Collection<?> children = next instanceof Map<?, ?> map ? map.values()
                    : next instanceof List<?> list ? list : List.of();
            if (next instanceof Tensor tensor) {
                tensor.close();
            }
            for (Object child : children) {
                if (child != null) {
                    pending.push(child);
                }
            }
        }
    }

    private static void close(List<Tensor> tensors) {
        for (Tensor tensor : tensors) {
            tensor.close();
        }
    }
}
