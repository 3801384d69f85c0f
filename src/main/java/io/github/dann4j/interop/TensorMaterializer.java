package io.github.dann4j.interop;

import io.github.dann4j.interop.PickleValues.StorageRef;
import io.github.dann4j.interop.PickleValues.TensorRef;
import io.github.dann4j.interop.PickleValues.Tuple;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Makes the tensors of a checked file (see {@link TorchFileReader}): each storage read once
 * into a fresh CPU tensor, each tensor a view of its storage when it is the whole storage and its
 * only user, otherwise a copy of a checked strided view. Storage handles are closed when this is;
 * the tensors made stay with the caller.
 */
final class TensorMaterializer implements AutoCloseable {
    private final ZipFile zip;
    private final Map<String, ZipEntry> records;
    private final Map<StorageRef, Integer> uses;
    private final Map<String, Tensor> storages = new HashMap<>();
    private final Map<Object, Object> rebuilt = new IdentityHashMap<>();
    private final List<Tensor> made = new ArrayList<>();
    private boolean finished;

    TensorMaterializer(ZipFile zip, Map<String, ZipEntry> records, Map<StorageRef, Integer> uses) {
        this.zip = zip;
        this.records = records;
        this.uses = uses;
    }

    /** The value with every TensorRef replaced by its tensor, containers copied (shared ones once). */
    Object rebuild(Object value) throws IOException {
        Object result = convert(value);
        finished = true;
        return result;
    }

    private Object convert(Object value) throws IOException {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof byte[]) {
            return value;
        }
        Object done = rebuilt.get(value);
        if (done != null) {
            return done;
        }
        Object out;
        if (value instanceof TensorRef tensor) {
            out = tensor(tensor);
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(convert(entry.getKey()), convert(entry.getValue()));
            }
            out = copy;
        } else if (value instanceof Tuple tuple) {
            out = convertAll(tuple.items());
        } else if (value instanceof List<?> list) {
            out = convertAll(list);
        } else {
            throw new IllegalArgumentException("the pickle holds a " + PickleReader.typeName(value)
                    + " outside a tensor, which is not allowed");
        }
        rebuilt.put(value, out);
        return out;
    }

    private List<Object> convertAll(List<?> items) throws IOException {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(convert(item));
        }
        return Collections.unmodifiableList(out);
    }

    private Tensor tensor(TensorRef ref) throws IOException {
        long numel = TensorBounds.check(ref);
        Tensor storage = storage(ref.storage());
        Tensor tensor;
        if (!needsCopy(ref, numel, uses)) {
            tensor = storage.view(ref.sizes());
        } else {
            try (LongOptional offset = new LongOptional(ref.offset());
                    MemoryFormatOptional format = new MemoryFormatOptional(torch.MemoryFormat.Contiguous)) {
                Tensor view = storage.as_strided(ref.sizes(), ref.strides(), offset);
                tensor = view.clone(format);
                view.close();
            }
        }
        made.add(tensor);
        return tensor;
    }

    /**
     * Whether the tensor is made as a copy (memory of its own) rather than as a view of its
     * storage: unless it is its whole storage and the storage's only user.
     */
    static boolean needsCopy(TensorRef ref, long numel, Map<StorageRef, Integer> uses) {
        return !TensorBounds.isWholeStorage(ref, numel) || uses.get(ref.storage()) > 1;
    }

    private Tensor storage(StorageRef ref) throws IOException {
        Tensor storage = storages.get(ref.key());
        if (storage != null) {
            return storage;
        }
        try (TensorOptions options = new TensorOptions(ref.type().dtype);
                MemoryFormatOptional format = new MemoryFormatOptional()) {
            storage = torch.empty(new long[] {ref.numel()}, options, format);
        }
        storages.put(ref.key(), storage);
        long bytes = ref.bytes();
        if (bytes > 0) {
            try (BytePointer destination = new BytePointer(storage.data_ptr())) {
                ZipRecords.copyTo(zip, records.get(ref.key()), destination, bytes, ref.type() == StorageType.BOOL);
            }
        }
        return storage;
    }

    /** Closes the storage handles (views keep what they use alive), and on failure every tensor made. */
    @Override
    public void close() {
        for (Tensor storage : storages.values()) {
            storage.close();
        }
        if (!finished) {
            for (Tensor tensor : made) {
                tensor.close();
            }
        }
    }
}
