package io.github.dann4j.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dann4j.data.NpyReader;
import io.github.dann4j.internal.Tensors;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every validator against reference/validators.py (numpy, written from the papers): the same
 * committed inputs ({@code validators_inputs.npz}), the scores it computed
 * ({@code validators_scores.properties}), equal within 1e-6 absolute. The test prints the largest
 * difference it measured.
 */
class ValidatorsParityTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void everyScoreMatchesTheNumpyReference() throws Exception {
        Path inputs = resource("validators_inputs.npz");
        Properties expected = new Properties();
        try (Reader in = Files.newBufferedReader(resource("validators_scores.properties"))) {
            expected.load(in);
        }
        ModelOutputs outputs = ModelOutputs.ofTarget(matrix(inputs, "target_logits"), matrix(inputs, "target_features"))
                .withSource(matrix(inputs, "source_logits"), matrix(inputs, "source_features"), labels(inputs, "source_labels"))
                .withSourceTrain(matrix(inputs, "source_train_features"));
        Map<String, Validator> cases = new LinkedHashMap<>();
        for (String name : new String[] {"source-accuracy", "entropy", "im", "bnm", "snd", "dev"}) {
            cases.put(name, Validators.named(name));
        }
        cases.put("snd.max25", new SoftNeighborhoodDensity(0.05, 25));
        cases.put("snd.tau0.5", new SoftNeighborhoodDensity(0.5, 2000));
        cases.put("dev.iterations0", new DeepEmbeddedValidation(0, 2.0));
        double largest = 0;
        for (Map.Entry<String, Validator> c : cases.entrySet()) {
            String value = expected.getProperty(c.getKey());
            assertEquals(true, value != null, c.getKey() + " missing from validators_scores.properties");
            double reference = Double.parseDouble(value);
            double actual = c.getValue().score(outputs);
            System.out.printf("validator parity %-16s java %.17g numpy %.17g |diff| %.3g%n", c.getKey(), actual, reference,
                    Math.abs(actual - reference));
            assertEquals(reference, actual, TOLERANCE, c.getKey());
            largest = Math.max(largest, Math.abs(actual - reference));
        }
        System.out.printf("validator parity: largest |java - numpy| %.3g (tolerance %.0g absolute)%n", largest, TOLERANCE);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ValidatorsParityTest.class.getResource("/reference/" + name).toURI());
    }

    static double[][] matrix(Path npz, String name) {
        try (PointerScope scope = new PointerScope()) {
            Tensor t = NpyReader.readNpz(npz, name);
            int rows = (int) t.size(0);
            int cols = (int) t.size(1);
            double[] flat = Tensors.toDoubles(t);
            double[][] out = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, i * cols, out[i], 0, cols);
            }
            return out;
        }
    }

    static int[] labels(Path npz, String name) {
        try (PointerScope scope = new PointerScope()) {
            long[] values = Tensors.toLongs(NpyReader.readNpz(npz, name));
            int[] out = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = Math.toIntExact(values[i]);
            }
            return out;
        }
    }
}
