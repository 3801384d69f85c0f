package io.github.dann4j.interop;

import io.github.dann4j.interop.PickleValues.OrderedDict;
import io.github.dann4j.interop.PickleValues.Tuple;
import io.github.dann4j.runtime.Limits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks that an unpickled value nests containers at most so deep and holds no cycle, without
 * recursion (a file of 100,000 nested lists must overflow no stack, here or in a later walk).
 * Containers shared through the pickle's memo are walked once, so the check is linear.
 */
final class PickleDepth {
    private PickleDepth() {}

    private static final class Frame {
        final Object node;
        final Iterator<Object> children;
        int tallestChild;

        Frame(Object node, List<Object> children) {
            this.node = node;
            this.children = children.iterator();
        }
    }

    /** @throws IllegalArgumentException if {@code root} nests deeper than {@code maxDepth} or contains itself */
    static void check(Object root, int maxDepth) {
        if (!isContainer(root)) {
            return;
        }
        Map<Object, Integer> heights = new IdentityHashMap<>(); // finished containers
        Map<Object, Boolean> onPath = new IdentityHashMap<>();
        Deque<Frame> path = new ArrayDeque<>();
        enter(root, path, onPath, maxDepth);
        while (!path.isEmpty()) {
            Frame frame = path.peek();
            if (!frame.children.hasNext()) {
                path.pop();
                onPath.remove(frame.node);
                int height = frame.tallestChild + 1;
                heights.put(frame.node, height);
                if (!path.isEmpty()) {
                    path.peek().tallestChild = Math.max(path.peek().tallestChild, height);
                }
                continue;
            }
            Object child = frame.children.next();
            if (!isContainer(child)) {
                continue;
            }
            Integer height = heights.get(child);
            if (height != null) {
                if (path.size() + height > maxDepth) {
                    throw tooDeep(maxDepth);
                }
                frame.tallestChild = Math.max(frame.tallestChild, height);
            } else if (onPath.containsKey(child)) {
                throw new IllegalArgumentException("the pickle holds a container that contains itself");
            } else {
                enter(child, path, onPath, maxDepth);
            }
        }
    }

    private static void enter(Object node, Deque<Frame> path, Map<Object, Boolean> onPath, int maxDepth) {
        if (path.size() + 1 > maxDepth) {
            throw tooDeep(maxDepth);
        }
        path.push(new Frame(node, children(node)));
        onPath.put(node, Boolean.TRUE);
    }

    private static IllegalArgumentException tooDeep(int maxDepth) {
        return new IllegalArgumentException("the pickle nests containers more than " + maxDepth
                + " deep (raise the limit with -D" + Limits.NESTING + "=N)");
    }

    static boolean isContainer(Object value) {
        return value instanceof Tuple || value instanceof List<?> || value instanceof Map<?, ?>;
    }

    /** The values inside a container (a dict's keys and values, an OrderedDict's attributes), or null. */
    static List<Object> children(Object value) {
        if (value instanceof Tuple tuple) {
            return tuple.items();
        }
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list;
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            List<Object> items = new ArrayList<>(2 * map.size() + 1);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                items.add(entry.getKey());
                items.add(entry.getValue());
            }
            if (value instanceof OrderedDict dict && dict.attributes != null) {
                items.add(dict.attributes);
            }
            return items;
        }
        return null;
    }
}
