package io.github.dann4j.interop;

import io.github.dann4j.interop.PickleValues.OrderedDict;
import io.github.dann4j.interop.PickleValues.StorageRef;
import io.github.dann4j.interop.PickleValues.TensorRef;
import io.github.dann4j.interop.PickleValues.Tuple;
import java.util.List;
import java.util.Map;

/**
 * The only things a pickle may call, the allow-list of {@link PickleReader}:
 * {@code collections.OrderedDict()}, {@code torch._utils._rebuild_tensor_v2} and
 * {@code _rebuild_parameter} with their arguments checked, and {@code torch.*Storage} classes inside
 * persistent ids {@code ('storage', type, key, location, numel)}. A global is resolved to a marker,
 * never looked up, so a name in a file cannot reach any code.
 */
final class PickleCalls {
    /** The callables a pickle may name. */
    enum Global { ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER }

    private PickleCalls() {}

    /** The allowed global {@code module.name}: a callable marker or a storage class; anything else is refused. */
    static Object global(String module, String name) {
        String full = module + "." + name;
        switch (full) {
            case "collections.OrderedDict":
                return Global.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2":
                return Global.REBUILD_TENSOR;
            case "torch._utils._rebuild_parameter":
                return Global.REBUILD_PARAMETER;
            default:
                break;
        }
        if (module.equals("torch") && StorageType.byClassName(name) != null) {
            return StorageType.byClassName(name);
        }
        throw new IllegalArgumentException("the file names the Python global '" + printable(full)
                + "', which is not allowed (dann4j loads tensors and plain containers only, like torch.load(weights_only=True))");
    }

    /** {@code callable(*args)} for an allowed callable. */
    static Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global global)) {
            throw new IllegalArgumentException("REDUCE calls a " + PickleReader.typeName(callable) + ", which is not allowed");
        }
        if (!(args instanceof Tuple tuple)) {
            throw new IllegalArgumentException("REDUCE with arguments that are not a tuple");
        }
        List<Object> a = tuple.items();
        switch (global) {
            case ORDERED_DICT:
                if (!a.isEmpty()) {
                    throw new IllegalArgumentException("OrderedDict called with arguments");
                }
                return new OrderedDict();
            case REBUILD_PARAMETER:
                if (a.size() != 3 || !(a.get(0) instanceof TensorRef) || !(a.get(1) instanceof Boolean)) {
                    throw new IllegalArgumentException("_rebuild_parameter needs (tensor, requires_grad, hooks)");
                }
                requireEmpty(a.get(2), "_rebuild_parameter's backward hooks");
                return a.get(0);
            default:
                return rebuildTensor(a);
        }
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static TensorRef rebuildTensor(List<Object> a) {
        if (a.size() != 6 && a.size() != 7) {
            throw new IllegalArgumentException("_rebuild_tensor_v2 needs 6 or 7 arguments, got " + a.size());
        }
        if (!(a.get(0) instanceof StorageRef storage)) {
            throw new IllegalArgumentException("_rebuild_tensor_v2's first argument is a " + PickleReader.typeName(a.get(0))
                    + ", not a storage");
        }
        if (!(a.get(1) instanceof Long offset)) {
            throw new IllegalArgumentException("_rebuild_tensor_v2's storage offset is a " + PickleReader.typeName(a.get(1)));
        }
        long[] sizes = longs(a.get(2), "size");
        long[] strides = longs(a.get(3), "stride");
        if (!(a.get(4) instanceof Boolean)) {
            throw new IllegalArgumentException("_rebuild_tensor_v2's requires_grad is a " + PickleReader.typeName(a.get(4)));
        }
        requireEmpty(a.get(5), "_rebuild_tensor_v2's backward hooks");
        if (a.size() == 7 && a.get(6) != null) {
            requireEmpty(a.get(6), "_rebuild_tensor_v2's metadata");
        }
        if (sizes.length != strides.length) {
            throw new IllegalArgumentException("a tensor has " + sizes.length + " sizes but " + strides.length + " strides");
        }
        return new TensorRef(storage, offset, sizes, strides);
    }

    /** {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    /** Resolves a persistent id; a key seen before must be declared the same way (kept in {@code storages}). */
    static StorageRef persistentStorage(Object id, Map<String, StorageRef> storages) {
        if (!(id instanceof Tuple tuple) || tuple.items().size() != 5 || !"storage".equals(tuple.items().get(0))) {
            throw new IllegalArgumentException("a persistent id that is not ('storage', type, key, location, numel)");
        }
        List<Object> t = tuple.items();
        if (!(t.get(1) instanceof StorageType type)) {
            throw new IllegalArgumentException("a storage of type " + PickleReader.typeName(t.get(1)));
        }
        if (!(t.get(2) instanceof String key) || !key.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("a storage key that is not a short name of letters and digits");
        }
        if (!(t.get(3) instanceof String location) || location.length() > 64) {
            throw new IllegalArgumentException("a storage location that is not a short string");
        }
        if (!(t.get(4) instanceof Long numel) || numel < 0) {
            throw new IllegalArgumentException("a storage size that is not a non-negative integer");
        }
        StorageRef ref = new StorageRef(key, type, numel);
        StorageRef earlier = storages.putIfAbsent(key, ref);
        if (earlier != null && !earlier.equals(ref)) {
            throw new IllegalArgumentException("storage '" + key + "' is declared twice, differently");
        }
        return earlier != null ? earlier : ref;
    }

    private static long[] longs(Object value, String what) {
        if (!(value instanceof Tuple tuple)) {
            throw new IllegalArgumentException("a tensor's " + what + " is a " + PickleReader.typeName(value) + ", not a tuple");
        }
        long[] out = new long[tuple.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(tuple.items().get(i) instanceof Long v)) {
                throw new IllegalArgumentException("a tensor's " + what + " holds a " + PickleReader.typeName(tuple.items().get(i)));
            }
            out[i] = v;
        }
        return out;
    }

    private static void requireEmpty(Object value, String what) {
        if (!(value instanceof Map<?, ?> map) || !map.isEmpty()) {
            throw new IllegalArgumentException(what + " must be an empty dict, got a " + PickleReader.typeName(value));
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.length() > 120 ? out.substring(0, 120) + "..." : out.toString();
    }
}
