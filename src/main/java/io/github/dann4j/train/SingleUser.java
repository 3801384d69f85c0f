package io.github.dann4j.train;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Lets one thread at a time use an object: libtorch's modules and optimizers are not thread-safe,
 * and two threads stepping one trainer crashed the JVM. The thread already using it may re-enter
 * (a listener that saves a checkpoint); any other thread is refused.
 */
final class SingleUser {
    private final AtomicReference<Thread> user = new AtomicReference<>();
    private final String what;

    SingleUser(String what) {
        this.what = what;
    }

    /** Runs {@code body} as the only user, after {@code check} (e.g. "not closed"), which also runs on re-entry. */
    <T> T run(Runnable check, Supplier<T> body) {
        Thread me = Thread.currentThread();
        if (user.get() == me) {
            check.run(); // a listener may have closed it
            return body.get();
        }
        if (!user.compareAndSet(null, me)) {
            Thread other = user.get();
            throw new IllegalStateException("this " + what + " is in use by thread '" + (other == null ? "?" : other.getName())
                    + "'; a trainer serves one thread at a time");
        }
        try {
            check.run();
            return body.get();
        } finally {
            user.set(null);
        }
    }
}
