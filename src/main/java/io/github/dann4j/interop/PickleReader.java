package io.github.dann4j.interop;

import io.github.dann4j.interop.PickleValues.OrderedDict;
import io.github.dann4j.interop.PickleValues.StorageRef;
import io.github.dann4j.interop.PickleValues.TensorRef;
import io.github.dann4j.interop.PickleValues.Tuple;
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
 * global before anything is called (see {@link PickleCalls}): no code named by a file ever runs,
 * because nothing is ever looked up by name. It only reads bytes ({@link PickleBytes}); tensors
 * are {@link TensorRef}s, checked and made by {@link TorchFileReader}.
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

    private final PickleBytes in;
    private final int maxDepth;
    private int values;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    private PickleReader(byte[] data, int maxDepth) {
        this.in = new PickleBytes(data);
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
        if (in.size() < 2 || in.peek() != 0x80) {
            throw new IllegalArgumentException("not a binary pickle (no PROTO opcode at the start)");
        }
        while (true) {
            if (in.atEnd()) {
                throw new IllegalArgumentException("truncated pickle (no STOP opcode)");
            }
            int at = in.position();
            int op = in.u8();
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
                int protocol = in.u8();
                if (protocol < 2 || protocol > 5) {
                    throw new IllegalArgumentException("pickle protocol " + protocol + " is not supported (2 to 5 are)");
                }
            }
            case 0x95 -> { // FRAME: a length hint, but one that must fit what is left
                long frame = in.littleEndian(8, false);
                if (frame < 0 || frame > in.remaining()) {
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
            case 'J' -> push((long) in.littleEndian(4, true));
            case 'K' -> push((long) in.u8());
            case 'M' -> push(in.littleEndian(2, false));
            case 0x8a -> push(in.longOf(in.u8()));
            case 0x8b -> push(in.longOf(in.length(4)));
            case 'G' -> push(Double.longBitsToDouble(in.bigEndianLong()));
            case 'X' -> push(in.utf8(in.length(4)));
            case 0x8c -> push(in.utf8(in.u8()));
            case 0x8d -> push(in.utf8(in.length(8)));
            case 'T' -> push(in.latin1(in.length(4)));
            case 'U' -> push(in.latin1(in.u8()));
            case 'B' -> push(in.bytes(in.length(4)).clone());
            case 'C' -> push(in.bytes(in.u8()).clone());
            case 0x8e -> push(in.bytes(in.length(8)).clone());
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
            case 'q' -> memoPut(in.u8());
            case 'r' -> memoPut(in.littleEndian(4, false));
            case 0x94 -> memoPut(memo.size());
            case 'h' -> push(memoGet(in.u8()));
            case 'j' -> push(memoGet(in.littleEndian(4, false)));
            case 'c' -> push(PickleCalls.global(in.line(), in.line()));
            case 0x93 -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new IllegalArgumentException("malformed pickle (STACK_GLOBAL of non-strings)");
                }
                push(PickleCalls.global(m, n));
            }
            case 'R' -> {
                Object args = pop();
                Object callable = pop();
                push(PickleCalls.reduce(callable, args));
            }
            case 'b' -> {
                Object state = pop();
                if (!(top() instanceof OrderedDict dict)) {
                    throw new IllegalArgumentException("BUILD is allowed on an OrderedDict only, not on a "
                            + typeName(top()));
                }
                dict.attributes = state;
            }
            case 'Q' -> push(PickleCalls.persistentStorage(pop(), storages));
            default -> throw new IllegalArgumentException("pickle opcode 0x" + Integer.toHexString(op)
                    + " is not allowed (dann4j reads tensors and plain containers only)");
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
        if (value instanceof PickleCalls.Global global) {
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

}
