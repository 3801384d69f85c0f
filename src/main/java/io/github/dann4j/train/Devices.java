package io.github.dann4j.train;

import io.github.dann4j.internal.Libtorch;
import io.github.dann4j.nn.DannModel;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
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

    /**
     * A device as text: {@code "cpu"}, {@code "cuda:0"} (bytedeco's {@code Device.toString()} is
     * only its native address). A device without an index ({@code "cuda"}) stays as it is.
     */
    public static String name(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("device is null");
        }
        try (BytePointer text = device.str()) {
            return text.getString();
        }
    }

    /**
     * The device {@code model}'s parameters are on, which {@code device} was used to move them to:
     * {@code "cuda"} resolves to the GPU it means, e.g. {@code "cuda:0"}.
     */
    static String name(Device device, DannModel model) {
        if (device.is_cpu() || device.has_index()) {
            return name(device);
        }
        try (PointerScope scope = new PointerScope()) {
            for (org.bytedeco.pytorch.Tensor parameter : model.stateTensors().values()) {
                return name(parameter.device());
            }
        }
        return name(device);
    }
}
