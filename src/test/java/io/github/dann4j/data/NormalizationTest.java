package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import java.util.Properties;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    /**
     * Two images [2, 2, 1, 2]: channel 0 holds 1, 2 (image 0) and 5, 6 (image 1); channel 1 holds
     * 3, 3 and 7, 7. By hand: channel 0 mean 14/4 = 3.5, deviations -2.5 -1.5 1.5 2.5, variance
     * (6.25 + 2.25 + 2.25 + 6.25) / 4 = 4.25; channel 1 mean 5, deviations +-2, variance 4, std 2.
     */
    private static Tensor images() {
        return Tensors.fromDoubles(new double[] {1, 2, 3, 3, 5, 6, 7, 7}, ScalarType.Float, 2, 2, 1, 2);
    }

    @Test
    void fitComputesPerChannelMeanAndPopulationStd() {
        try (PointerScope scope = new PointerScope()) {
            Normalization n = Normalization.fit(images());
            assertArrayEquals(new double[] {3.5, 5.0}, n.mean(), 1e-12);
            assertArrayEquals(new double[] {Math.sqrt(4.25), 2.0}, n.std(), 1e-12);

            Tensor out = n.apply(images());
            assertEquals(ScalarType.Float, out.scalar_type().intern());
            double s = Math.sqrt(4.25);
            assertArrayEquals(new double[] {-2.5 / s, -1.5 / s, -1, -1, 1.5 / s, 2.5 / s, 1, 1}, Tensors.toDoubles(out), 1e-6);
        }
    }

    @Test
    void fitMeanOnlyCentres() {
        try (PointerScope scope = new PointerScope()) {
            Normalization n = Normalization.fitMean(images());
            assertArrayEquals(new double[] {3.5, 5.0}, n.mean(), 0.0);
            assertArrayEquals(new double[] {1, 1}, n.std(), 0.0);
            assertArrayEquals(new double[] {-2.5, -1.5, -2, -2, 1.5, 2.5, 2, 2}, Tensors.toDoubles(n.apply(images())), 1e-6);
        }
    }

    @Test
    void pooledSetsGiveTheStatisticsOfTheirConcatenation() {
        try (PointerScope scope = new PointerScope()) {
            Tensor second = Tensors.fromDoubles(new double[] {9, 9, 1, 1, 0, 4, -3, 5, 2, 2, 8, 1}, ScalarType.Float, 3, 2, 1, 2);
            Tensor joined = org.bytedeco.pytorch.global.torch.cat(new org.bytedeco.pytorch.TensorVector(images(), second), 0);
            Normalization pooled = Normalization.fit(images(), second);
            Normalization concatenated = Normalization.fit(joined);
            assertArrayEquals(concatenated.mean(), pooled.mean(), 1e-12);
            assertArrayEquals(concatenated.std(), pooled.std(), 1e-12);
            // ... which is neither set's own: the second set pulls channel 0's mean from 3.5 up.
            assertTrue(pooled.mean()[0] > Normalization.fit(images()).mean()[0]);
            assertArrayEquals(concatenated.mean(), Normalization.fitMean(images(), second).mean(), 1e-12);

            Tensor threeChannels = Tensors.fromDoubles(new double[] {1, 2, 3}, ScalarType.Float, 1, 3);
            String message = assertThrows(IllegalArgumentException.class, () -> Normalization.fit(images(), threeChannels)).getMessage();
            assertTrue(message.contains("same channels"), message);
        }
    }

    @Test
    void tabularDataIsNormalisedPerColumnAndConstantColumnsOnlyCentred() {
        try (PointerScope scope = new PointerScope()) {
            Tensor rows = Tensors.fromDoubles(new double[] {0, 7, 2, 7, 4, 7}, ScalarType.Float, 3, 2);
            Normalization n = Normalization.fit(rows);
            assertArrayEquals(new double[] {2, 7}, n.mean(), 1e-12);
            assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1}, n.std(), 1e-12);
        }
    }

    @Test
    void uint8InputIsFittedButMustBeScaledBeforeApplying() {
        try (PointerScope scope = new PointerScope()) {
            Tensor pixels = Tensors.fromDoubles(new double[] {0, 255, 255, 255}, ScalarType.Byte, 4, 1);
            Normalization n = Normalization.fit(pixels);
            assertEquals(191.25, n.mean()[0], 1e-12);
            String message = assertThrows(IllegalArgumentException.class, () -> n.apply(pixels)).getMessage();
            assertTrue(message.contains("scale uint8 images first"), message);
            assertThrows(IllegalArgumentException.class, () -> n.apply(images())); // 2 channels, not 1
        }
    }

    @Test
    void propertiesRoundTripExactly() {
        Normalization n = Normalization.of(new double[] {0.1 + 0.2, 1.0 / 3}, new double[] {Math.sqrt(2), 1e-7});
        Properties p = n.toProperties();
        assertEquals("0.30000000000000004,0.3333333333333333", p.getProperty(Normalization.MEAN_KEY));
        assertEquals(n, Normalization.fromProperties(p));

        Properties missing = new Properties();
        missing.setProperty(Normalization.MEAN_KEY, "1,2");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Normalization.fromProperties(missing))
                .getMessage().contains(Normalization.STD_KEY));
        missing.setProperty(Normalization.STD_KEY, "1,x");
        assertThrows(IllegalArgumentException.class, () -> Normalization.fromProperties(missing));
        missing.setProperty(Normalization.STD_KEY, "1,0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Normalization.fromProperties(missing))
                .getMessage().contains("std[1] must be positive"));
    }
}
