package io.github.dann4j.distributed;

import io.github.dann4j.internal.Libtorch;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The entry point of every child JVM {@link ChildRanks} starts: loads dann4j's libtorch first (in
 * the CUDA flavour, its CUDA libraries by absolute path before it), as the test JVM's
 * {@code LibtorchFirst} listener does, then runs the rank's own main. Without it a rank main that
 * touches bytedeco's {@code torch} class first would have bytedeco load its GPU build without the
 * CUDA libraries ({@code libcupti.so.13: cannot open shared object file}).
 *
 * <p>Arguments: the main class's name, then its arguments.
 */
public final class LibtorchFirstMain {
    private LibtorchFirstMain() {}

    public static void main(String[] args) throws Throwable {
        Libtorch.load();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause(); // as if the rank's main had thrown it itself
        }
    }
}
