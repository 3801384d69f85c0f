package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.train.TensorDataset;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

class LoadedDataTest {
    private static LoadedData images(long n, long c, long h, long w) {
        try (PointerScope scope = new PointerScope()) {
            double[] values = new double[(int) (n * c * h * w)];
            for (int i = 0; i < values.length; i++) {
                values[i] = i % 256;
            }
            long[] labels = new long[(int) n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 10;
            }
            return LoadedData.of(Tensors.fromDoubles(values, ScalarType.Byte, n, c, h, w), Tensors.fromLongs(labels), "test images");
        }
    }

    @Test
    void outlivesTheScopeItWasMadeIn() {
        LoadedData data = images(3, 1, 2, 2); // its scope is closed by now
        try (data) {
            System.gc();
            assertEquals(3, data.size());
            assertEquals(11, Tensors.toLongs(data.features())[11]);
            assertArrayEquals(new long[] {0, 1, 2}, Tensors.toLongs(data.labels()));
        }
        data.close(); // a second close does nothing
    }

    @Test
    void toDatasetRequiresScaledFeatures() {
        try (LoadedData raw = images(4, 1, 2, 2)) {
            String message = assertThrows(IllegalStateException.class, raw::toDataset).getMessage();
            assertTrue(message.contains("scale them first"), message);
            try (LoadedData scaled = raw.map(Preprocessing::scaleToUnit); TensorDataset dataset = scaled.toDataset()) {
                assertEquals(4, dataset.size());
                assertTrue(dataset.isLabelled());
                assertArrayEquals(new long[] {1, 2, 2}, dataset.sampleShape());
                assertArrayEquals(new long[] {0, 1, 2, 3}, Tensors.toLongs(dataset.labels()));
            }
        }
    }

    @Test
    void firstKeepsTheFirstSamples() {
        try (LoadedData all = images(5, 1, 1, 2); LoadedData two = all.first(2)) {
            assertEquals(2, two.size());
            assertArrayEquals(new long[] {0, 1, 2, 3}, Tensors.toLongs(two.features()));
            assertArrayEquals(new long[] {0, 1}, Tensors.toLongs(two.labels()));
        }
    }

    @Test
    void requireSameSampleShapeStatesBothShapes() {
        try (LoadedData mnist = images(2, 1, 28, 28); LoadedData mnistM = images(2, 3, 32, 32)) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> LoadedData.requireSameSampleShape(mnist, mnistM)).getMessage();
            assertEquals("source samples have shape [1, 28, 28] but target samples have shape [3, 32, 32];"
                    + " use --grey-to-rgb / --crop / --resize to bring them to one shape", message);
            try (LoadedData a = mnist.map(Preprocessing::greyToRgb); LoadedData b = mnistM.map(x -> Preprocessing.centreCrop(x, 28, 28))) {
                LoadedData.requireSameSampleShape(a, b);
            }
        }
    }

    @Test
    void rejectsBadLabelsAndFeatureTypes() {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.fromDoubles(new double[] {1, 2}, ScalarType.Float, 2, 1);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadedData.of(x, Tensors.fromLongs(new long[] {0, -1}), "t"))
                    .getMessage().contains("non-negative"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadedData.of(x, Tensors.fromLongs(new long[] {0}), "t"))
                    .getMessage().contains("2 samples but labels"));
            Tensor longs = Tensors.fromDoubles(new double[] {1, 2}, ScalarType.Long, 2, 1);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadedData.of(longs, null, "t"))
                    .getMessage().contains("features must be float32 or float64 (or uint8 images)"));
            Tensor doubles = Tensors.fromDoubles(new double[] {1, 2}, ScalarType.Double, 2, 1);
            try (LoadedData float64 = LoadedData.of(doubles, null, "t")) { // read with LoadOptions.withDtype(Double)
                assertEquals(ScalarType.Double, float64.features().scalar_type().intern());
            }
            try (LoadedData unlabelled = LoadedData.of(x, null, "target.csv")) {
                String message = assertThrows(IllegalArgumentException.class, () -> unlabelled.requireLabelled("source")).getMessage();
                assertEquals("source data must be labelled, but target.csv has no labels", message);
            }
        }
    }
}
