package io.github.dann4j.runtime;

import java.util.Locale;

/**
 * Bounds on what one input may ask of the machine, checked before anything is allocated: a small
 * hostile file (a decompression bomb, an image header claiming 60,000 × 60,000 pixels, a model
 * description with 30,000-wide layers) is refused with a one-line error instead of exhausting
 * memory. Each bound is a system property, read at every check so a test or an application can
 * change it at run time:
 *
 * <table>
 * <caption>limits</caption>
 * <tr><th>property</th><th>default</th><th>bounds</th></tr>
 * <tr><td>{@code dann4j.limit.memory}</td><td>{@code 4g}</td><td>bytes one file, model or batch
 *     may ask for: decompressed data, decoded images, tensors of a state_dict or checkpoint, a
 *     model's parameters, a batch (suffixes k, m, g, t)</td></tr>
 * <tr><td>{@code dann4j.limit.classes}</td><td>{@code 10000}</td><td>classes a model may have
 *     (labels 0 .. classes − 1)</td></tr>
 * <tr><td>{@code dann4j.limit.pickle}</td><td>{@code 64m}</td><td>bytes of a pickle (the
 *     {@code data.pkl} of a PyTorch file)</td></tr>
 * <tr><td>{@code dann4j.limit.nesting}</td><td>{@code 64}</td><td>depth of nested containers in
 *     a pickle</td></tr>
 * <tr><td>{@code dann4j.limit.threads}</td><td>4 × the available processors</td><td>libtorch
 *     intra-op threads one process may ask for</td></tr>
 * </table>
 */
public final class Limits {
    public static final String MEMORY = "dann4j.limit.memory";
    public static final String CLASSES = "dann4j.limit.classes";
    public static final String PICKLE = "dann4j.limit.pickle";
    public static final String NESTING = "dann4j.limit.nesting";
    public static final String THREADS = "dann4j.limit.threads";
    /** Threads per available processor allowed by default. */
    public static final int THREADS_PER_PROCESSOR = 4;

    private Limits() {}

    /** Bytes one input may ask for. */
    public static long memoryBytes() {
        return size(MEMORY, 4L << 30);
    }

    /** The most classes a model may have. */
    public static long classes() {
        return size(CLASSES, 10_000);
    }

    /** The most bytes of one pickle. */
    public static long pickleBytes() {
        return size(PICKLE, 64L << 20);
    }

    /** The deepest nesting of containers in one pickle. */
    public static int nestingDepth() {
        return (int) Math.min(Integer.MAX_VALUE, size(NESTING, 64));
    }

    /** The most intra-op threads: {@value #THREADS_PER_PROCESSOR} per available processor unless set. */
    public static int threads() {
        long fallback = (long) THREADS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
        return (int) Math.min(Integer.MAX_VALUE, size(THREADS, fallback));
    }

    /**
     * Refuses {@code bytes} (may be {@link Long#MAX_VALUE} for "overflows") if it exceeds
     * {@link #memoryBytes()}.
     *
     * @param what names the request in the message, e.g. "state_dict m.pt"
     * @throws IllegalArgumentException naming the request, its size, the limit and how to raise it
     */
    public static void requireMemory(long bytes, String what) {
        long limit = memoryBytes();
        if (bytes < 0 || bytes > limit) {
            throw new IllegalArgumentException(what + " would need " + describe(bytes) + ", over the limit of "
                    + describe(limit) + " (raise it with -D" + MEMORY + "=SIZE)");
        }
    }

    /**
     * Refuses a Java array of {@code bytes} (a CSV's values, a decoded image) that the JVM's heap
     * ({@code -Xmx}, {@link Runtime#maxMemory()}, less what is in use) cannot hold, after
     * {@link #requireMemory}: the
     * heap is often smaller than {@link #memoryBytes()}, and an {@code OutOfMemoryError} is not a
     * message.
     */
    public static void requireHeap(long bytes, String what) {
        requireMemory(bytes, what);
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.maxMemory();
        long free = heap - (runtime.totalMemory() - runtime.freeMemory());
        if (heap != Long.MAX_VALUE && bytes > free) {
            System.gc(); // what is in use may be garbage: refuse only what a collection cannot make room for
            free = heap - (runtime.totalMemory() - runtime.freeMemory());
        }
        if (heap != Long.MAX_VALUE && bytes > free) {
            throw heapExhausted(bytes, what);
        }
    }

    /**
     * The one-line error for a Java allocation of {@code bytes} that the heap cannot hold: thrown
     * by {@link #requireHeap}, and by callers that catch the {@code OutOfMemoryError} of one large
     * allocation (a heap's free space is not always one piece).
     */
    public static IllegalArgumentException heapExhausted(long bytes, String what) {
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.maxMemory();
        long free = Math.max(0, heap - (runtime.totalMemory() - runtime.freeMemory()));
        return new IllegalArgumentException(what + " would need " + describe(bytes) + " of Java heap, more than the "
                + describe(free) + " left of the JVM's " + describe(heap)
                + " (raise it with -Xmx, e.g. DANN4J_JAVA_OPTS=-Xmx8g for the dann4j script)");
    }

    /** Refuses a model with more than {@link #classes()} classes. */
    public static void requireClasses(long classes, String what) {
        long limit = classes();
        if (classes > limit) {
            throw new IllegalArgumentException(what + " has " + classes + " classes, over the limit of " + limit
                    + " (raise it with -D" + CLASSES + "=N)");
        }
    }

    /**
     * Refuses a thread count above {@link #threads()}: a million threads hang the process while the
     * pool starts them.
     */
    public static void requireThreads(long threads, String what) {
        long limit = threads();
        if (threads > limit) {
            throw new IllegalArgumentException(what + " of " + threads + " is over the limit of " + limit + " ("
                    + (System.getProperty(THREADS) == null ? THREADS_PER_PROCESSOR + " per available processor, "
                    + Runtime.getRuntime().availableProcessors() + " here; " : "") + "raise it with -D" + THREADS + "=N)");
        }
    }

    /** The product of {@code dims}, or {@link Long#MAX_VALUE} if it overflows or one is negative. */
    public static long product(long... dims) {
        long p = 1;
        for (long d : dims) {
            p = times(p, d);
        }
        return p;
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} if that overflows or either is negative. */
    public static long plus(long a, long b) {
        if (a < 0 || b < 0) {
            return Long.MAX_VALUE;
        }
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** {@code a * b}, or {@link Long#MAX_VALUE} if that overflows or either is negative. */
    public static long times(long a, long b) {
        if (a < 0 || b < 0) {
            return Long.MAX_VALUE;
        }
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A byte count for people: "3.8 GB", "512 bytes"; "more than 2^63 bytes" for an overflow. */
    public static String describe(long bytes) {
        if (bytes == Long.MAX_VALUE || bytes < 0) {
            return "more than 2^63 bytes";
        }
        if (bytes < 10_000) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static long size(String property, long fallback) {
        String text = System.getProperty(property);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        int shift = "kmgt".indexOf(last);
        if (shift >= 0) {
            unit = 1L << (10 * (shift + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long value = Long.parseLong(t);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return times(value, unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + text + "' of -D" + property
                    + "; use a positive number, optionally with k, m, g or t");
        }
    }
}
