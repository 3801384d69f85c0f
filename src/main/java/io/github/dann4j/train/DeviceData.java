package io.github.dann4j.train;

import io.github.dann4j.internal.Messages;
import org.bytedeco.pytorch.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a trainer keeps a dataset: on a CUDA device when its tensors take at most
 * {@link TrainingConfig.Builder#deviceDataBytes} (a copy the trainer owns; batches are then
 * gathered there), else where the caller put it. On the CPU nothing is copied.
 */
final class DeviceData {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceData.class);

    private DeviceData() {}

    /**
     * {@code data} itself, or a copy on {@code device} that the caller then owns (tell them apart
     * by identity). A copy that fails (the device is out of memory) leaves the data on the host.
     */
    static TensorDataset place(TensorDataset data, Device device, long maxBytes, String what) {
        if (data == null || !device.is_cuda() || !data.isOnHost() || data.bytes() > maxBytes) {
            return data;
        }
        try {
            return data.to(device);
        } catch (RuntimeException e) {
            LOG.warn("the {} data ({} bytes) stays on the host, batches copied from pinned memory: {}", what, data.bytes(),
                    Messages.firstLine(e.getMessage()));
            return data;
        }
    }
}
