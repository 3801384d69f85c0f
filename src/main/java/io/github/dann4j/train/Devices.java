package io.github.dann4j.train;

import io.github.dann4j.internal.Libtorch;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

/** Turns a user's device choice into a libtorch device. */
public final class Devices {
    static {
        Libtorch.load(); // bytedeco's libtorch, never another one on the machine
    }

    private Devices() {}

    /**
     * {@code cpu}, {@code cuda} / {@code cuda:N}, or {@code auto} (CUDA when available, else CPU).
     *
     * @throws IllegalArgumentException for an unknown name, or CUDA asked for where it is absent
     */
    public static Device parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("cpu")) {
            return new Device("cpu");
        }
        if (n.equals("auto")) {
            return torch.cuda_is_available() ? new Device("cuda") : new Device("cpu");
        }
        if (n.equals("cuda") || n.matches("cuda:\\d+")) {
            if (!torch.cuda_is_available()) {
                throw new IllegalArgumentException("device '" + name + "' was asked for but CUDA is not available "
                        + "(CPU build of libtorch, or no GPU/driver); use --device cpu or auto");
            }
            return new Device(n);
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; use cpu, cuda, cuda:N or auto");
    }
}
