package io.github.dann4j.testing;

import io.github.dann4j.internal.Libtorch;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Loads libtorch dann4j's way before any test class runs (registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}).
 *
 * <p>Many tests build tensors through bytedeco's classes before they touch a dann4j class. In a CUDA
 * build bytedeco's own loader would then look NVIDIA's libraries up by soname and not find them
 * (they are in dann4j's cache, not on the linker's path); loading through {@link Libtorch} first
 * binds them by absolute path, as an application that calls {@code Libtorch.load()} first does.
 */
public final class LibtorchFirst implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Libtorch.load();
    }
}
