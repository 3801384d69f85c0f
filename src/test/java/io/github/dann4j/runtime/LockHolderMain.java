package io.github.dann4j.runtime;

import java.nio.file.Path;

/**
 * A child JVM for {@link OutputLockTest}: locks the folder {@code args[0]}, prints "locked", then
 * waits until it is killed.
 */
public final class LockHolderMain {
    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        OutputLock lock = OutputLock.acquire(Path.of(args[0]), "model.pt");
        System.out.println("locked " + lock.folder());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
