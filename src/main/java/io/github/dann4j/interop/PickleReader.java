package io.github.dann4j.interop;

import io.github.dann4j.interop.PickleValues.OrderedDict;
import io.github.dann4j.interop.PickleValues.StorageRef;
import io.github.dann4j.interop.PickleValues.TensorRef;
import io.github.dann4j.interop.PickleValues.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An allow-list unpickler, in the spirit of PyTorch's {@code torch.load(weights_only=True)}: it
 * rebuilds dicts, {@code OrderedDict}s, lists, tuples, strings, bytes, integers, floats, booleans,
 * {@code None} and tensor references ({@code torch._utils._rebuild_tensor_v2} and
 * {@code _rebuild_parameter} over {@code torch.*Storage} persistent ids), and refuses every other
 * global before anything is called: no code named by a file ever runs, because nothing is ever
 * looked up by name. It only reads bytes; tensors are {@link TensorRef}s, checked and made by
 * {@link TorchFileReader}.
 *
 * <p>Bounded: the pickle's size is bounded by the caller, the number of values by
 * {@link #MAX_VALUES}, and nesting by {@link io.github.dann4j.runtime.Limits#nestingDepth()},
 * checked without recursion; cycles are refused. Binary opcodes of protocols 2 to 5 only.
 */
final class PickleReader {
    /**
     * The most values, marks and memo entries one pickle may create (a state_dict of a few hundred
     * tensors makes a few thousand): bounds the reader's heap to a few hundred megabytes.
     */
    static final int MAX_VALUES = 2_000_000;

    private static final Object MARK = new Object();

    private enum Global { ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER }

    private final byte[] data;
    private final int maxDepth;
    private int pos;
    private int values;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    private PickleReader(byte[] data, int maxDepth) {
        this.data = data;
        this.maxDepth = maxDepth;
    }

    /**
     * Parses one pickle.
     *
     * @throws IllegalArgumentException naming the first thing refused, with its byte offset
     */
    static Object read(byte[] data, int maxDepth) {
        PickleReader reader = new PickleReader(data, maxDepth);
        Object result = reader.run();
        PickleDepth.check(result, maxDepth);
        return result;
    }

    private Object run() {
        if (data.length < 2 || (data[0] & 0xff) != 0x80) {
            throw new IllegalArgumentException("not a binary pickle (no PROTO opcode at the start)");
        }
        while (true) {
            if (pos >= data.length) {
                throw new IllegalArgumentException("truncated pickle (no STOP opcode)");
            }
            int at = pos;
            int op = data[pos++] & 0xff;
            if (op == '.') {
                if (stack.size() != 1 || stack.get(0) == MARK) {
                    throw new IllegalArgumentException("malformed pickle (STOP with " + stack.size() + " values on the stack)");
                }
                return stack.get(0);
            }
            try {
                step(op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (opcode 0x" + Integer.toHexString(op) + " at byte "
                        + at + ")", e);
            }
        }
    }

    private void step(int op) {
        switch (op) {
            case 0x80 -> { // PROTO
                int protocol = u8();
                if (protocol < 2 || protocol > 5) {
                    throw new IllegalArgumentException("pickle protocol " + protocol + " is not supported (2 to 5 are)");
                }
            }
            case 0x95 -> { // FRAME: a length hint, but one that must fit what is left
                long frame = littleEndian(8, false);
                if (frame < 0 || frame > data.length - pos) {
                    throw new IllegalArgumentException("a FRAME of " + Long.toUnsignedString(frame)
                            + " bytes runs past the end of the pickle");
                }
            }
            case '(' -> push(MARK);
            case '0' -> pop(); // POP
            case '1' -> popToMark(); // POP_MARK
            case '2' -> push(top()); // DUP
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) littleEndian(4, true));
            case 'K' -> push((long) u8());
            case 'M' -> push(littleEndian(2, false));
            case 0x8a -> push(longOf(u8()));
            case 0x8b -> push(longOf(length(4)));
            case 'G' -> push(Double.longBitsToDouble(bigEndianLong()));
            case 'X' -> push(utf8(length(4)));
            case 0x8c -> push(utf8(u8()));
            case 0x8d -> push(utf8(length(8)));
            case 'T' -> push(latin1(length(4)));
            case 'U' -> push(latin1(u8()));
            case 'B' -> push(bytes(length(4)).clone());
            case 'C' -> push(bytes(u8()).clone());
            case 0x8e -> push(bytes(length(8)).clone());
            case ']' -> push(new ArrayList<>());
            case '}' -> push(new LinkedHashMap<>());
            case ')' -> push(new Tuple(List.of()));
            case 't' -> push(new Tuple(popToMark()));
            case 0x85, 0x86, 0x87 -> {
                int n = op - 0x84;
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(0, pop());
                }
                push(new Tuple(items));
            }
            case 'l' -> push(new ArrayList<>(popToMark()));
            case 'd' -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, popToMark());
                push(dict);
            }
            case 'a' -> {
                Object item = pop();
                list(top()).add(item);
            }
            case 'e' -> {
                List<Object> items = popToMark();
                list(top()).addAll(items);
            }
            case 's' -> {
                Object value = pop();
                Object key = pop();
                putPairs(dict(top()), java.util.Arrays.asList(key, value));
            }
            case 'u' -> {
                List<Object> pairs = popToMark();
                putPairs(dict(top()), pairs);
            }
            case 'q' -> memoPut(u8());
            case 'r' -> memoPut(littleEndian(4, false));
            case 0x94 -> memoPut(memo.size());
            case 'h' -> push(memoGet(u8()));
            case 'j' -> push(memoGet(littleEndian(4, false)));
            case 'c' -> push(global(line(), line()));
            case 0x93 -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new IllegalArgumentException("malformed pickle (STACK_GLOBAL of non-strings)");
                }
                push(global(m, n));
            }
            case 'R' -> {
                Object args = pop();
                Object callable = pop();
                push(reduce(callable, args));
            }
            case 'b' -> {
                Object state = pop();
                if (!(top() instanceof OrderedDict dict)) {
                    throw new IllegalArgumentException("BUILD is allowed on an OrderedDict only, not on a "
                            + typeName(top()));
                }
                dict.attributes = state;
            }
            case 'Q' -> push(persistentStorage(pop()));
            default -> throw new IllegalArgumentException("pickle opcode 0x" + Integer.toHexString(op)
                    + " is not allowed (dann4j reads tensors and plain containers only)");
        }
    }

    private Object global(String module, String name) {
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

    private Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global global)) {
            throw new IllegalArgumentException("REDUCE calls a " + typeName(callable) + ", which is not allowed");
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
    private TensorRef rebuildTensor(List<Object> a) {
        if (a.size() != 6 && a.size() != 7) {
            throw new IllegalArgumentException("_rebuild_tensor_v2 needs 6 or 7 arguments, got " + a.size());
        }
        if (!(a.get(0) instanceof StorageRef storage)) {
            throw new IllegalArgumentException("_rebuild_tensor_v2's first argument is a " + typeName(a.get(0))
                    + ", not a storage");
        }
        if (!(a.get(1) instanceof Long offset)) {
            throw new IllegalArgumentException("_rebuild_tensor_v2's storage offset is a " + typeName(a.get(1)));
        }
        long[] sizes = longs(a.get(2), "size");
        long[] strides = longs(a.get(3), "stride");
        if (!(a.get(4) instanceof Boolean)) {
            throw new IllegalArgumentException("_rebuild_tensor_v2's requires_grad is a " + typeName(a.get(4)));
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
    private StorageRef persistentStorage(Object id) {
        if (!(id instanceof Tuple tuple) || tuple.items().size() != 5 || !"storage".equals(tuple.items().get(0))) {
            throw new IllegalArgumentException("a persistent id that is not ('storage', type, key, location, numel)");
        }
        List<Object> t = tuple.items();
        if (!(t.get(1) instanceof StorageType type)) {
            throw new IllegalArgumentException("a storage of type " + typeName(t.get(1)));
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
            throw new IllegalArgumentException("a tensor's " + what + " is a " + typeName(value) + ", not a tuple");
        }
        long[] out = new long[tuple.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(tuple.items().get(i) instanceof Long v)) {
                throw new IllegalArgumentException("a tensor's " + what + " holds a " + typeName(tuple.items().get(i)));
            }
            out[i] = v;
        }
        return out;
    }

    private static void requireEmpty(Object value, String what) {
        if (!(value instanceof Map<?, ?> map) || !map.isEmpty()) {
            throw new IllegalArgumentException(what + " must be an empty dict, got a " + typeName(value));
        }
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> pairs) {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException("malformed pickle (an odd number of dict items)");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            Object key = pairs.get(i);
            if (!hashable(key)) {
                throw new IllegalArgumentException("a dict key is a " + typeName(key) + ", which is not hashable");
            }
            dict.put(key, pairs.get(i + 1));
        }
    }

    private static boolean hashable(Object key) {
        if (key == null || key instanceof String || key instanceof Long || key instanceof Double
                || key instanceof Boolean) {
            return true;
        }
        if (key instanceof Tuple tuple) {
            return tuple.items().stream().allMatch(item -> item != key && !(item instanceof Tuple) && hashable(item));
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (!(value instanceof ArrayList<?>)) {
            throw new IllegalArgumentException("APPEND to a " + typeName(value) + ", not a list");
        }
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object value) {
        if (!(value instanceof LinkedHashMap<?, ?>)) {
            throw new IllegalArgumentException("SETITEM on a " + typeName(value) + ", not a dict");
        }
        return (Map<Object, Object>) value;
    }

    static String typeName(Object value) {
        if (value == MARK) {
            return "MARK";
        }
        if (value instanceof Global global) {
            return "global " + global.name().toLowerCase(java.util.Locale.ROOT);
        }
        return PickleValues.typeName(value);
    }

    private void push(Object value) {
        count();
        stack.add(value);
    }

    private Object top() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw new IllegalArgumentException("malformed pickle (no value on the stack)");
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop() {
        Object value = top();
        stack.remove(stack.size() - 1);
        return value;
    }

    private List<Object> popToMark() {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw new IllegalArgumentException("malformed pickle (no MARK on the stack)");
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    /** Memo writes count as values too: a pickle of a million MEMOIZE opcodes must not fill the heap. */
    private void memoPut(long id) {
        Object value = top();
        count();
        memo.put(id, value);
    }

    private void count() {
        if (++values > MAX_VALUES) {
            throw new IllegalArgumentException("the pickle creates more than " + MAX_VALUES + " values");
        }
    }

    private Object memoGet(long id) {
        if (!memo.containsKey(id)) {
            throw new IllegalArgumentException("malformed pickle (memo " + id + " read before it was written)");
        }
        return memo.get(id);
    }

    private byte[] bytes(int n) {
        if (n < 0 || n > data.length - pos) {
            throw new IllegalArgumentException("truncated pickle (an argument runs past the end)");
        }
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    private int u8() {
        return bytes(1)[0] & 0xff;
    }

    private long littleEndian(int n, boolean signed) {
        byte[] b = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (signed && n < 8 && (b[n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n);
        }
        return v;
    }

    /** A length argument of {@code n} bytes, bounded by what is left of the pickle. */
    private int length(int n) {
        long v = littleEndian(n, n == 4);
        if (v < 0 || v > data.length - pos) {
            throw new IllegalArgumentException("truncated pickle (a length of " + v + " runs past the end)");
        }
        return (int) v;
    }

    private long bigEndianLong() {
        byte[] b = bytes(8);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }

    /** LONG1/LONG4: a little-endian two's-complement integer of {@code n} bytes; at most 8. */
    private long longOf(int n) {
        if (n > 8) {
            throw new IllegalArgumentException("an integer of " + n + " bytes (more than 64 bits)");
        }
        return n == 0 ? 0 : littleEndian(n, true);
    }

    private String utf8(int n) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes(n))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("a string that is not valid UTF-8");
        }
    }

    private String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    private String line() {
        int end = pos;
        while (end < data.length && end - pos < 256 && data[end] != '\n') {
            end++;
        }
        if (end >= data.length || data[end] != '\n') {
            throw new IllegalArgumentException("malformed pickle (a GLOBAL name that does not end within 256 bytes)");
        }
        String line = new String(data, pos, end - pos, StandardCharsets.UTF_8);
        pos = end + 1;
        return line;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.length() > 120 ? out.substring(0, 120) + "..." : out.toString();
    }
}
