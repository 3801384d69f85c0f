package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dann4j.internal.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads the real MNIST and MNIST-M test sets from {@code ../shared/data} beside the project
 * (never copied into the repository). Tagged "data", so excluded from the default run:
 * {@code mvn -B verify -Dtest.excludedGroups=slow -Dgroups=data}. Skipped, with the reason,
 * when the data is absent.
 */
@Tag("data")
class RealDataTest {
    private static final Path DATA = Path.of(System.getProperty("user.dir")).resolve("../shared/data").normalize();
    private static final Path MNIST = DATA.resolve("mnist");
    private static final Path MNIST_M = DATA.resolve("mnist_m");

    @BeforeAll
    static void requireData() {
        assumeTrue(Files.isDirectory(MNIST) && Files.isDirectory(MNIST_M),
                "real data not found at " + DATA + " (expects mnist/ and mnist_m/); skipping");
    }

    @Test
    void mnistTestSetAndMnistMTestFolderAgree() {
        try (PointerScope scope = new PointerScope()) {
            long t0 = System.nanoTime();
            LoadedData mnist = DataLoaders.load(MNIST.resolve("t10k-images-idx3-ubyte.gz"));
            long t1 = System.nanoTime();
            LoadedData mnistM = DataLoaders.load(MNIST_M.resolve("mnist_m_test"));
            long t2 = System.nanoTime();
            System.out.printf("MNIST test IDX (10,000 images): %.3f s; MNIST-M test folder (9,001 PNGs): %.3f s%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            try (mnist; mnistM) {
                assertArrayEquals(new long[] {1, 28, 28}, mnist.sampleShape());
                assertEquals(10_000, mnist.size());
                assertTrue(mnist.isLabelled());
                assertEquals(ScalarType.Byte, mnist.features().scalar_type().intern());
                long[] mnistLabels = Tensors.toLongs(mnist.labels());
                assertEquals(7, mnistLabels[0]); // the first MNIST test digit is a 7
                long[] counts = new long[10];
                for (long l : mnistLabels) {
                    counts[(int) l]++;
                }
                assertArrayEquals(new long[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts);

                assertArrayEquals(new long[] {3, 32, 32}, mnistM.sampleShape());
                assertEquals(9_001, mnistM.size());
                long[] mnistMLabels = Tensors.toLongs(mnistM.labels());
                // MNIST-M digit i is MNIST digit i blended with a photo patch.
                assertArrayEquals(Arrays.copyOf(mnistLabels, 9_001), mnistMLabels);

                // The pipeline of the paper's protocol brings both to [3, 28, 28] float32.
                LoadedData source = mnist.map(x -> Preprocessing.scaleToUnit(Preprocessing.greyToRgb(x)));
                LoadedData target = mnistM.map(x -> Preprocessing.scaleToUnit(Preprocessing.centreCrop(x, 28, 28)));
                try (source; target) {
                    LoadedData.requireSameSampleShape(source, target);
                    Normalization norm = Normalization.fitMean(source.features());
                    double mean = norm.mean()[0] * 255;
                    assertEquals(33.3, mean, 0.5, "MNIST test mean grey level");
                    Tensor pixels = mnist.features();
                    assertEquals(0, pixels.min().item_long());
                    assertEquals(255, pixels.max().item_long());
                }
            }
        }
    }

    @Test
    void mnistTrainLabelsMatchMnistMTrainLabels() {
        try (PointerScope scope = new PointerScope()) {
            long[] mnist = Tensors.toLongs(IdxReader.readLabels(MNIST.resolve("train-labels-idx1-ubyte.gz")));
            assertEquals(60_000, mnist.length);
            // Labels only: reading the 59,001 training PNGs belongs in the timing run, not here.
            long[] first = new long[59_001];
            try (var lines = Files.lines(MNIST_M.resolve("mnist_m_train_labels.txt"))) {
                long[] parsed = lines.filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1])).toArray();
                assertEquals(59_001, parsed.length);
                System.arraycopy(mnist, 0, first, 0, first.length);
                assertArrayEquals(first, parsed);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
