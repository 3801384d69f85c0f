package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.testing.ToyData;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** A dataset's copy on a device gathers the same batches; on the CPU the trainer copies nothing. */
class DeviceDataTest {
    private static final long[] INDICES = {7, 0, 3, 3, 19};

    @Test
    void aCopyGathersTheSameBatchesAndIsOwnedApart() {
        ToyData data = ToyData.blobs(20, 1, 0);
        Device cpu = Devices.parse("cpu");
        try (PointerScope scope = new PointerScope(); TensorDataset host = TensorDataset.labelled(data.features, data.labels)) {
            assertEquals(20 * 2 * 4 + 20 * 8, host.bytes(), "float32 [20, 2] features and int64 [20] labels");
            assertTrue(host.isOnHost());
            double[] features;
            long[] labels;
            try (TensorDataset copy = host.to(cpu)) {
                assertTrue(copy.isOnHost());
                assertEquals(host.bytes(), copy.bytes());
                features = Tensors.toDoubles(copy.featureBatch(INDICES, cpu, ScalarType.Double));
                labels = Tensors.toLongs(copy.labelBatch(INDICES, cpu));
                // a copy, not a view: changing it leaves the original alone
                copy.features().mul_(new org.bytedeco.pytorch.Scalar(2.0));
                assertArrayEquals(Tensors.toDoubles(host.featureBatch(INDICES, cpu, ScalarType.Double)), features, 0.0);
            }
            assertArrayEquals(Tensors.toDoubles(host.featureBatch(INDICES, cpu, ScalarType.Double)), features, 0.0);
            assertArrayEquals(Tensors.toLongs(host.labelBatch(INDICES, cpu)), labels);
            assertEquals(ScalarType.Double, host.featureBatch(INDICES, cpu, ScalarType.Double).scalar_type().intern());
        }
    }

    @Test
    void onTheCpuTheTrainerUsesTheCallersData() {
        ToyData data = ToyData.blobs(10, 1, 0);
        try (PointerScope scope = new PointerScope(); TensorDataset host = TensorDataset.unlabelled(data.features)) {
            assertSame(host, DeviceData.place(host, Devices.parse("cpu"), Long.MAX_VALUE, "source"));
            assertSame(null, DeviceData.place(null, Devices.parse("cpu"), Long.MAX_VALUE, "target"));
            try (TensorDataset copy = host.to(Devices.parse("cpu"))) {
                assertNotSame(host, copy);
            }
        }
        assertEquals("deviceDataBytes must be at least 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().deviceDataBytes(-1)).getMessage());
        assertEquals(TrainingConfig.DEFAULT_DEVICE_DATA_BYTES, TrainingConfig.builder().build().deviceDataBytes());
        assertEquals(5, TrainingConfig.builder().deviceDataBytes(5).build().toBuilder().build().deviceDataBytes());
        assertEquals(1L << 30, TrainingConfig.DEFAULT_DEVICE_DATA_BYTES);
    }
}
