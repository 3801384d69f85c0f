package io.github.dann4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.data.Normalization;
import io.github.dann4j.internal.Tensors;
import io.github.dann4j.nn.DannModel;
import io.github.dann4j.nn.FeatureExtractor;
import io.github.dann4j.testing.ToyData;
import io.github.dann4j.train.DannTrainer;
import io.github.dann4j.train.TensorDataset;
import io.github.dann4j.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public model API: save, load, predict from every kind of input, threads, formats. */
class TrainedModelTest {
    /** An MLP trained 50 steps through the Java API on two blobs (float32 or float64). */
    private static DannModel trainedMlp(ScalarType dtype) {
        ToyData source = ToyData.blobs(120, 1, 0);
        ToyData target = ToyData.blobs(120, 2, 30);
        torch.manual_seed(5);
        DannModel model = DannModel.mlp(2).features(16).classifier(2).discriminator(8, 1).build();
        try (PointerScope scope = new PointerScope();
                TensorDataset s = TensorDataset.labelled(source.features, source.labels);
                TensorDataset t = TensorDataset.unlabelled(target.features);
                DannTrainer trainer = new DannTrainer(model, s, t, TrainingConfig.builder().steps(50).dtype(dtype).build())) {
            trainer.run(null);
        }
        return model;
    }

    private static float[][] rows(int n, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[n][2];
        for (float[] row : rows) {
            row[0] = (float) random.nextGaussian();
            row[1] = (float) random.nextGaussian();
        }
        return rows;
    }

    /** The network's own softmax on the same rows, computed without the model package. */
    private static double[] direct(DannModel model, float[][] rows, ScalarType dtype) {
        double[] flat = new double[rows.length * 2];
        for (int i = 0; i < rows.length; i++) {
            flat[2 * i] = rows[i][0];
            flat[2 * i + 1] = rows[i][1];
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor x = Tensors.fromDoubles(flat, ScalarType.Float, rows.length, 2).to(dtype);
            return Tensors.toDoubles(torch.softmax(model.predictLogits(x), 1));
        }
    }

    private static double[] all(Prediction p) {
        double[] out = new double[p.size() * p.classCount()];
        for (int i = 0; i < p.size(); i++) {
            System.arraycopy(p.probabilities(i), 0, out, i * p.classCount(), p.classCount());
        }
        return out;
    }

    @Test
    void savedAndReloadedModelPredictsWhatTheTrainedOneDoes(@TempDir Path dir) {
        float[][] rows = rows(300, 7);
        Path folder = dir.resolve("run");
        double[] before;
        try (TrainedModel trained = TrainedModel.of(trainedMlp(ScalarType.Float), Preprocessor.none())) {
            before = all(trained.predict(rows));
            assertArrayEquals(direct(trained.network(), rows, ScalarType.Float), before, 1e-7);
            trained.save(folder);
        }
        try (TrainedModel loaded = TrainedModel.load(folder)) {
            Prediction p = loaded.predict(rows);
            assertArrayEquals(before, all(p), 0.0, "a reloaded model computes the same numbers");
            for (int i = 0; i < p.size(); i++) {
                double[] q = p.probabilities(i);
                assertEquals(1.0, q[0] + q[1], 1e-6);
                assertEquals(q[1] > q[0] ? 1 : 0, p.classOf(i));
            }
            ModelDescription d = loaded.description();
            assertEquals(ModelDescription.FORMAT_VERSION, d.formatVersion());
            assertEquals(ScalarType.Float, d.dtype());
            assertEquals(2, loaded.classes());
            assertArrayEquals(new long[] {2}, d.sampleShape());
            assertTrue(d.libtorchVersion().startsWith("2.10.0"), d.libtorchVersion());
            assertEquals("cpu", loaded.deviceName());
            // Another batch size, the same numbers (each row's result does not depend on its batch).
            assertArrayEquals(before, all(loaded.predict(Inputs.features(rows), PredictOptions.DEFAULTS.withBatchSize(7))), 1e-6);
        }
    }

    @Test
    void float64ModelsStayFloat64(@TempDir Path dir) throws Exception {
        float[][] rows = rows(50, 8);
        double[][] wide = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            wide[i] = new double[] {rows[i][0], rows[i][1]};
        }
        double[] before;
        try (TrainedModel trained = TrainedModel.of(trainedMlp(ScalarType.Double), Preprocessor.none())) {
            before = all(trained.predict(wide));
            assertArrayEquals(direct(trained.network(), rows, ScalarType.Double), before, 1e-15);
            trained.save(dir);
        }
        assertEquals("float64", properties(dir).getProperty("dtype"));
        try (TrainedModel loaded = TrainedModel.load(dir)) {
            assertEquals(ScalarType.Double, loaded.description().dtype());
            assertArrayEquals(before, all(loaded.predict(wide)), 0.0);
        }
    }

    @Test
    void wrongInputsAreRefusedWithWhatTheModelExpects() {
        try (TrainedModel trained = TrainedModel.of(trainedMlp(ScalarType.Float), Preprocessor.none())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trained.predict(new float[][] {{1, 2, 3}}));
            assertEquals("the model expects 2 features; the input has 3", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> trained.predict(new float[][] {{1, 2}, {3}}));
            assertTrue(e.getMessage().contains("row 1 has 1 values but row 0 has 2"), e.getMessage());
            assertEquals(0, trained.predict(new float[0][]).size());
            List<Path> files = new ArrayList<>();
            files.add(null);
            e = assertThrows(IllegalArgumentException.class, () -> Inputs.imageFiles(files));
            assertEquals("image file 0 is null", e.getMessage());
            assertThrows(IllegalStateException.class, () -> trained.predict(rows(1, 1)).targetProbability(0));
        }
    }

    @Test
    void domainOutputIsTheSigmoidOfTheDomainLogit() {
        float[][] rows = rows(40, 9);
        try (TrainedModel trained = TrainedModel.of(trainedMlp(ScalarType.Float), Preprocessor.none());
                PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Prediction p = trained.predict(Inputs.features(rows), PredictOptions.DEFAULTS.withDomain());
            DannModel network = trained.network();
            Tensor x = trained.prepare(torch.tensor(flatten(rows)).reshape(rows.length, 2), "the rows");
            double[] expected = Tensors.toDoubles(torch.sigmoid(network.domainOutputs(network.features(x))));
            for (int i = 0; i < rows.length; i++) {
                assertEquals(expected[i], p.targetProbability(i), 1e-7);
                assertTrue(p.targetProbability(i) > 0 && p.targetProbability(i) < 1);
            }
        }
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
        }
        return out;
    }

    @Test
    void imagesFilesAndRawPixelsGiveOneAnswer(@TempDir Path dir) throws Exception {
        torch.manual_seed(11);
        Random random = new Random(3);
        List<BufferedImage> images = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        byte[] pixels = new byte[6 * 32 * 32];
        for (int i = 0; i < 6; i++) {
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int v = random.nextInt(256);
                    image.getRaster().setSample(x, y, 0, v);
                    pixels[i * 1024 + y * 32 + x] = (byte) v;
                }
            }
            images.add(image);
            Path file = dir.resolve("image" + i + ".png");
            ImageIO.write(image, "png", file.toFile());
            files.add(file);
        }
        // Grey 32x32 files into a 3-channel 28x28 network: grey to RGB, crop, normalisation.
        Preprocessor preprocessor = Preprocessor.none().greyToRgb().crop(28, 28)
                .normalize(Normalization.of(new double[] {0.4, 0.5, 0.6}, new double[] {0.2, 0.25, 0.3}), "source");
        Path folder = dir.resolve("digits");
        try (TrainedModel trained = TrainedModel.of(DannModel.digits(3, 28, 10), preprocessor)) {
            trained.save(folder);
        }
        try (TrainedModel model = TrainedModel.load(folder); PointerScope scope = new PointerScope()) {
            assertEquals(preprocessor, model.description().preprocessor());
            double[] fromImages = all(model.predict(images.toArray(BufferedImage[]::new)));
            double[] fromFiles = all(model.predict(Inputs.imageFiles(files), PredictOptions.DEFAULTS.withBatchSize(4)));
            Tensor raw = torch.empty(6, 32, 32).to(ScalarType.Byte);
            new org.bytedeco.javacpp.BytePointer(raw.data_ptr()).capacity(pixels.length).put(pixels);
            double[] fromPixels = all(model.predict(Inputs.raw(raw))); // grey [N, H, W]
            assertArrayEquals(fromImages, fromFiles, 1e-6);
            assertArrayEquals(fromImages, fromPixels, 1e-6);
            // By hand: scale, repeat, crop, normalise, then the network.
            Tensor x = raw.unsqueeze(1).to(ScalarType.Float).div(new org.bytedeco.pytorch.Scalar(255.0)).repeat(1, 3, 1, 1)
                    .narrow(2, 2, 28).narrow(3, 2, 28);
            Tensor ready = preprocessor.normalization().apply(x);
            try (NoGradGuard noGrad = new NoGradGuard()) {
                assertArrayEquals(Tensors.toDoubles(torch.softmax(model.network().predictLogits(ready), 1)), fromPixels, 1e-6);
                assertArrayEquals(fromPixels, all(model.predict(Inputs.prepared(ready))), 1e-6);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(Inputs.prepared(torch.zeros(2, 1, 28, 28))));
            assertEquals("the model expects [3, 28, 28] images; the input has [1, 28, 28]", e.getMessage());
        }
    }

    @Test
    void imagesOfSeveralSizesMeetAtTheResize(@TempDir Path dir) {
        try (TrainedModel model = TrainedModel.of(DannModel.digits(3, 28, 4), Preprocessor.none().resize(28, 28))) {
            BufferedImage small = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
            BufferedImage large = new BufferedImage(40, 36, BufferedImage.TYPE_INT_RGB);
            large.setRGB(3, 4, 0xff8040);
            Prediction mixed = model.predict(small, large, small);
            Prediction alone = model.predict(large);
            assertEquals(3, mixed.size());
            assertArrayEquals(alone.probabilities(0), mixed.probabilities(1), 1e-6);
            assertArrayEquals(mixed.probabilities(0), mixed.probabilities(2), 0.0);
        }
    }

    @Test
    void eightThreadsAgreeWithOneAndCloseWaitsForThem() throws Exception {
        float[][] rows = rows(500, 10);
        TrainedModel trained = TrainedModel.of(trainedMlp(ScalarType.Float), Preprocessor.none());
        double[] expected = all(trained.predict(rows));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> {
                    for (int r = 0; r < 20; r++) {
                        assertArrayEquals(expected, all(trained.predict(Inputs.features(rows),
                                PredictOptions.DEFAULTS.withBatchSize(64))), 0.0);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        trained.close();
        trained.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trained.predict(rows));
        assertEquals("this TrainedModel is closed", e.getMessage());
    }

    @Test
    void aModelOfItsOwnCannotBeDescribed(@TempDir Path dir) {
        LinearImpl linear = new LinearImpl(2, 4);
        try (DannModel model = DannModel.mlp(2).featureExtractor(FeatureExtractor.of(linear, linear::forward, 4))
                .classifier(2).build()) {
            assertFalse(model.architecture().isPresent());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelFolder.save(model, Preprocessor.none(), dir));
            assertTrue(e.getMessage().contains("feature extractor of its own"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("model.pt")), "nothing is written");
        }
    }

    @Test
    void olderFormatsLoadAndNewerOnesAreRefused(@TempDir Path dir) throws Exception {
        float[][] rows = rows(20, 12);
        double[] before;
        try (TrainedModel trained = TrainedModel.of(trainedMlp(ScalarType.Float), Preprocessor.none())) {
            before = all(trained.predict(rows));
            trained.save(dir);
        }
        // Format 2, as dann4j wrote it before: no classes, dtype or versions.
        Properties p = properties(dir);
        for (String key : new String[] {"classes", "dtype", "dann4j_version", "libtorch_version"}) {
            assertTrue(p.remove(key) != null, key);
        }
        p.setProperty("format_version", "2");
        store(dir, p);
        try (TrainedModel old = TrainedModel.load(dir)) {
            assertEquals(2, old.description().formatVersion());
            assertEquals(ScalarType.Float, old.description().dtype(), "the dtype comes from the weights");
            assertArrayEquals(before, all(old.predict(rows)), 0.0);
        }
        String newer = Integer.toString(io.github.dann4j.model.ModelDescription.FORMAT_VERSION + 1);
        p.setProperty("format_version", newer);
        store(dir, p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("format_version " + newer + " is newer than this dann4j reads"), e.getMessage());
        p.setProperty("format_version", "3");
        p.setProperty("classes", "3");
        p.setProperty("dtype", "float32");
        store(dir, p);
        e = assertThrows(IllegalArgumentException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("classes=3 does not match classifier_sizes 2"), e.getMessage());
        p.setProperty("classes", "2");
        p.setProperty("dtype", "float64");
        store(dir, p);
        e = assertThrows(IllegalArgumentException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("says dtype float64 but"), e.getMessage());
        assertNotEquals(null, ModelFolder.description(dir.resolve("missing").getParent()));
    }

    private static Properties properties(Path dir) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(ModelFolder.DESCRIPTION))) {
            p.load(in);
        }
        return p;
    }

    private static void store(Path dir, Properties p) throws Exception {
        try (Writer out = Files.newBufferedWriter(dir.resolve(ModelFolder.DESCRIPTION))) {
            p.store(out, null);
        }
    }
}
