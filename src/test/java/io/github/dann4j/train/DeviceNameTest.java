package io.github.dann4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.nn.DannModel;
import io.github.dann4j.testing.ToyData;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The trainer's device reads as "cpu" or "cuda:0", never as bytedeco's Device[address=0x...]. */
class DeviceNameTest {

    private static String trainedOn(String device) {
        ToyData source = ToyData.blobs(20, 1, 0);
        ToyData target = ToyData.blobs(20, 2, 35);
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(4).classifier(2).build();
                TensorDataset s = TensorDataset.labelled(source.features, source.labels);
                TensorDataset t = TensorDataset.unlabelled(target.features);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(1).device(device).build())) {
            assertTrue(trainer.device().toString().contains("address"), "bytedeco's Device is still what device() returns");
            return trainer.deviceName();
        }
    }

    @Test
    void theTrainerNamesItsDevice() {
        assertEquals("cpu", trainedOn("cpu"));
        assertEquals(torch.cuda_is_available() ? "cuda:0" : "cpu", trainedOn("auto"));
        assertEquals(torch.cuda_is_available() ? "cuda:0" : "cpu", trainedOn(" AUTO "));
    }

    @Test
    void devicesAreNamedAsLibtorchWritesThem() {
        try (Device cpu = new Device("cpu"); Device cuda1 = new Device("cuda:1"); Device cuda = new Device("cuda")) {
            assertEquals("cpu", Devices.name(cpu));
            assertEquals("cuda:1", Devices.name(cuda1));
            assertEquals("cuda", Devices.name(cuda), "without a model there is nothing to resolve it against");
            assertFalse(Devices.name(Devices.parse("cpu")).contains("@"));
        }
    }
}
