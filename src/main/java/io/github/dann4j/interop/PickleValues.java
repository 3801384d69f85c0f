package io.github.dann4j.interop;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values {@link PickleReader} builds, besides Java's own ({@code null}, {@link Boolean},
 * {@link Long}, {@link Double}, {@link String}, {@code byte[]}, {@link java.util.ArrayList} for a
 * list and {@link LinkedHashMap} for a dict).
 */
final class PickleValues {
    private PickleValues() {}

    /** The Python name of a value's type, for messages: "dict", "list", "tensor", "None", ... */
    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof StorageType type) {
            return "class torch." + type.className;
        }
        if (value instanceof Tuple) {
            return "tuple";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof TensorRef || value instanceof org.bytedeco.pytorch.Tensor) {
            return "tensor";
        }
        if (value instanceof StorageRef) {
            return "storage";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        return value instanceof String ? "str" : value.getClass().getSimpleName();
    }

    /** A Python tuple (immutable, hashable if its items are). */
    record Tuple(List<Object> items) {}

    /** A {@code collections.OrderedDict}; {@code BUILD} may give it attributes (a state_dict's {@code _metadata}). */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        Object attributes;
    }

    /** A storage named by a persistent id {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    record StorageRef(String key, StorageType type, long numel) {
        long bytes() {
            return Math.multiplyExact(numel, (long) type.itemSize);
        }
    }

    /** A tensor from {@code torch._utils._rebuild_tensor_v2}: a strided view of a storage. Not yet checked against it. */
    record TensorRef(StorageRef storage, long offset, long[] sizes, long[] strides) {
        @Override
        public String toString() {
            return storage.type().dtypeName() + Arrays.toString(sizes) + " stride " + Arrays.toString(strides)
                    + " offset " + offset + " of storage '" + storage.key() + "' (" + storage.numel() + " elements)";
        }
    }
}
