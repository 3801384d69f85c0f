package io.github.dann4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The digits network's domain head: the paper's by default, other widths on request. */
class DigitsDomainHeadTest {

    /** The discriminator's weight shapes by state_dict key. */
    private static Map<String, long[]> domainHeadWeights(DannModel model) {
        Map<String, long[]> shapes = new TreeMap<>();
        model.stateTensors().forEach((key, tensor) -> {
            if (key.startsWith("discriminator.") && key.endsWith(".weight")) {
                shapes.put(key, tensor.sizes().vec().get());
            }
        });
        return shapes;
    }

    @Test
    void defaultIsThePapersHundredThenOne() {
        try (PointerScope scope = new PointerScope(); DannModel model = DannModel.digits(3, 28, 10)) {
            Map<String, long[]> shapes = domainHeadWeights(model);
            assertEquals(2, shapes.size(), shapes.keySet().toString());
            assertArrayEquals(new long[] {100, 768}, shapes.get("discriminator.0.weight"));
            assertArrayEquals(new long[] {1, 100}, shapes.get("discriminator.2.weight"));
        }
    }

    @Test
    void widerAndDeeperHeadHasTheRequestedLayers() {
        try (PointerScope scope = new PointerScope(); DannModel model = DannModel.digits(1, 28, 10, 64, 32, 1)) {
            Map<String, long[]> shapes = domainHeadWeights(model);
            assertEquals(3, shapes.size(), shapes.keySet().toString());
            assertArrayEquals(new long[] {64, 768}, shapes.get("discriminator.0.weight"));
            assertArrayEquals(new long[] {32, 64}, shapes.get("discriminator.2.weight"));
            assertArrayEquals(new long[] {1, 32}, shapes.get("discriminator.4.weight"));
            Tensor features = model.features(torch.randn(5, 1, 28, 28));
            assertArrayEquals(new long[] {5, 1}, model.domainOutputs(features).sizes().vec().get());
            // The label head is the paper's whatever the domain head.
            assertArrayEquals(new long[] {5, 10}, model.predictLogits(torch.randn(5, 1, 28, 28)).sizes().vec().get());
        }
    }

    @Test
    void badSizesAreRefusedBeforeAnyModuleExists() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> DannModel.digits(3, 28, 10, new long[0]));
        assertTrue(empty.getMessage().contains("at least one layer size"), empty.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> DannModel.digits(3, 28, 10, 100, 0));
        assertTrue(zero.getMessage().contains("[100, 0]"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DannModel.digits(3, 28, 10, (long[]) null));
    }

    @Test
    void paperHeadCannotBeChangedThroughTheReturnedArray() {
        long[] head = DigitsNetwork.paperDomainHead();
        head[0] = 7;
        assertArrayEquals(new long[] {100, 1}, DigitsNetwork.paperDomainHead());
    }
}
