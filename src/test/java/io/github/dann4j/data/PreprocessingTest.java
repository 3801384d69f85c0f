package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    private static Tensor bytes(long[] shape, double... values) {
        return Tensors.fromDoubles(values, ScalarType.Byte, shape);
    }

    private static double[] range(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void scaleToUnitDividesUint8By255IntoFloat32() {
        try (PointerScope scope = new PointerScope()) {
            Tensor scaled = Preprocessing.scaleToUnit(bytes(new long[] {1, 1, 1, 3}, 0, 51, 255));
            assertEquals(ScalarType.Float, scaled.scalar_type().intern());
            assertArrayEquals(new double[] {0, 51f / 255f, 1}, Tensors.toDoubles(scaled), 0.0);
            String message = assertThrows(IllegalArgumentException.class, () -> Preprocessing.scaleToUnit(scaled)).getMessage();
            assertTrue(message.contains("expects uint8"), message);
        }
    }

    @Test
    void greyToRgbRepeatsTheChannel() {
        try (PointerScope scope = new PointerScope()) {
            Tensor grey = bytes(new long[] {2, 1, 1, 2}, 1, 2, 3, 4);
            Tensor rgb = Preprocessing.greyToRgb(grey);
            assertArrayEquals(new long[] {2, 3, 1, 2}, TensorChecks.shape(rgb));
            assertArrayEquals(new long[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, Tensors.toLongs(rgb));
            assertArrayEquals(Tensors.toLongs(rgb), Tensors.toLongs(Preprocessing.greyToRgb(rgb))); // already RGB: unchanged
            assertThrows(IllegalArgumentException.class, () -> Preprocessing.greyToRgb(bytes(new long[] {1, 2, 1, 1}, 0, 0)));
            assertThrows(IllegalArgumentException.class, () -> Preprocessing.greyToRgb(bytes(new long[] {2, 2}, 0, 0, 0, 0)));
        }
    }

    @Test
    void centreCropKeepsTheMiddle() {
        try (PointerScope scope = new PointerScope()) {
            // 4x5 image with values 0..19 row-major; a 2x3 crop starts at row 1, column 1.
            Tensor image = bytes(new long[] {1, 1, 4, 5}, range(20));
            Tensor crop = Preprocessing.centreCrop(image, 2, 3);
            assertArrayEquals(new long[] {1, 1, 2, 3}, TensorChecks.shape(crop));
            assertArrayEquals(new long[] {6, 7, 8, 11, 12, 13}, Tensors.toLongs(crop));
            assertEquals(ScalarType.Byte, crop.scalar_type().intern());

            // MNIST-M: 32x32 -> 28x28 keeps rows and columns 2..29.
            Tensor mnistM = Tensors.fromDoubles(range(2 * 3 * 32 * 32), ScalarType.Float, 2, 3, 32, 32);
            Tensor c28 = Preprocessing.centreCrop(mnistM, 28, 28);
            assertArrayEquals(new long[] {2, 3, 28, 28}, TensorChecks.shape(c28));
            double[] v = Tensors.toDoubles(c28);
            assertEquals(2 * 32 + 2, v[0], 0.0);
            assertEquals(((1 * 3 + 2) * 32 + 29) * 32 + 29, v[v.length - 1], 0.0);

            String message = assertThrows(IllegalArgumentException.class, () -> Preprocessing.centreCrop(image, 5, 5)).getMessage();
            assertTrue(message.contains("cannot crop images of 4x5 to 5x5"), message);
        }
    }

    @Test
    void resizeNearestAndBilinear() {
        try (PointerScope scope = new PointerScope()) {
            Tensor small = bytes(new long[] {1, 1, 2, 2}, 1, 2, 3, 4);
            Tensor nearest = Preprocessing.resize(small, 4, 4, Interpolation.NEAREST);
            assertEquals(ScalarType.Byte, nearest.scalar_type().intern());
            assertArrayEquals(new long[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, Tensors.toLongs(nearest));

            // align_corners=False: output columns sample input x = -0.25, 0.25, 0.75, 1.25 (clamped to 0..1).
            Tensor row = Tensors.fromDoubles(new double[] {0, 4}, ScalarType.Float, 1, 1, 1, 2);
            Tensor bilinear = Preprocessing.resize(row, 1, 4, Interpolation.BILINEAR);
            assertEquals(ScalarType.Float, bilinear.scalar_type().intern());
            assertArrayEquals(new double[] {0, 1, 3, 4}, Tensors.toDoubles(bilinear), 1e-6);

            Tensor shrunk = Preprocessing.resize(bytes(new long[] {1, 3, 32, 32}, new double[3 * 32 * 32]), 28, 28, Interpolation.BILINEAR);
            assertArrayEquals(new long[] {1, 3, 28, 28}, TensorChecks.shape(shrunk));
            assertEquals(ScalarType.Byte, shrunk.scalar_type().intern());
        }
    }
}
