package io.github.dann4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.nn.Activation;
import io.github.dann4j.nn.DannModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {

    private static DannModel model(long seed) {
        torch.manual_seed(seed);
        return DannModel.mlp(2).features(3, 4).classifier(7, 8).discriminator(5, 6).activation(Activation.TANH).build();
    }

    @Test
    void keysFollowPyTorchNumbering() {
        try (PointerScope scope = new PointerScope(); DannModel model = model(0)) {
            assertEquals(List.of("feature.0.weight", "feature.0.bias", "feature.2.weight", "feature.2.bias",
                    "classifier.0.weight", "classifier.0.bias", "classifier.2.weight", "classifier.2.bias",
                    "discriminator.0.weight", "discriminator.0.bias", "discriminator.2.weight", "discriminator.2.bias"),
                    List.copyOf(model.stateTensors().keySet()));
        }
    }

    @Test
    void saveThenLoadIntoAnotherModelCopiesEveryParameter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.pt");
        try (PointerScope scope = new PointerScope(); DannModel a = model(1); DannModel b = model(2)) {
            StateDict.save(a, file);
            Map<String, Tensor> loaded = StateDict.load(file);
            assertEquals(a.stateTensors().keySet(), loaded.keySet());
            StateDict.loadInto(b, file);
            Map<String, Tensor> pa = a.stateTensors(), pb = b.stateTensors();
            for (String key : pa.keySet()) {
                assertTrue(pa.get(key).equal(pb.get(key)), key);
            }
            assertEquals(1, dir.toFile().list().length, "no temporary file left");
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                    "written like any user file, not owner-only like the temporary file");
        }
    }

    @Test
    void mismatchedFilesListEveryProblemAndChangeNothing(@TempDir Path dir) {
        Path file = dir.resolve("other.pt");
        try (PointerScope scope = new PointerScope();
                DannModel small = model(1);
                DannModel other = DannModel.mlp(2).features(3, 5).classifier(7, 8).discriminator(5, 6).build()) {
            StateDict.save(other, file);
            Tensor before = small.stateTensors().get("feature.0.weight").clone();
            String message = assertThrows(IllegalArgumentException.class, () -> StateDict.loadInto(small, file)).getMessage();
            assertTrue(message.contains("feature.2.weight (file [5, 3], model [4, 3])"), message);
            assertTrue(message.contains("classifier.0.weight"), message);
            assertTrue(small.stateTensors().get("feature.0.weight").equal(before), "a failed load must change nothing");

            Map<String, Tensor> renamed = new java.util.LinkedHashMap<>(small.stateTensors());
            renamed.put("head.weight", renamed.remove("classifier.0.weight"));
            StateDict.save(renamed, file);
            String keys = assertThrows(IllegalArgumentException.class, () -> StateDict.loadInto(small, file)).getMessage();
            assertTrue(keys.contains("missing keys [classifier.0.weight]") && keys.contains("unexpected keys [head.weight]"), keys);
        }
    }

    /** A file from Python's torch.save(model.state_dict(), path): an OrderedDict with _metadata. */
    @Test
    void pythonStateDictLoads() throws Exception {
        Path python = Path.of(getClass().getResource("/reference/python_state_dict.pt").toURI());
        Path reference = Path.of(getClass().getResource("/reference/seed_mlp_float32.pt").toURI());
        try (PointerScope scope = new PointerScope();
                DannModel model = DannModel.mlp(2).features(3, 4).classifier(7, 8).discriminator(5, 6)
                        .activation(Activation.TANH).domainOutput(io.github.dann4j.nn.DomainOutput.PROBABILITIES).build()) {
            Map<String, Tensor> loaded = StateDict.load(python);
            assertEquals(List.copyOf(model.stateTensors().keySet()), List.copyOf(loaded.keySet()),
                    "keys in PyTorch's order, without the _metadata entry");
            StateDict.loadInto(model, python);
            Map<String, Tensor> init = StateDict.load(reference);
            model.stateTensors().forEach((key, value) ->
                    assertTrue(value.equal(init.get("init." + key)), key + " differs from the Python model's weights"));
        }
    }

    /**
     * Java-written files load in Python with a plain torch.load(path) (weights_only=True, the
     * default). Needs a Python with torch: set DANN4J_REFERENCE_PYTHON to it (see reference/README.md).
     */
    @Test
    void javaFileLoadsInPythonTorchLoad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("java.pt");
        try (PointerScope scope = new PointerScope(); DannModel model = model(3)) {
            StateDict.save(model, file);
            double expected = model.stateTensors().get("classifier.2.weight").sum().item_double();
            String output = io.github.dann4j.testing.ReferencePython.run(
                    "import sys, torch; d = torch.load(sys.argv[1]); "
                            + "print(type(d).__name__, len(d), repr(d['classifier.2.weight'].sum().item()))", file.toString());
            String[] parts = output.split(" ");
            assertEquals("dict", parts[0], output);
            assertEquals("12", parts[1], output);
            assertEquals(expected, Double.parseDouble(parts[2]), 1e-6, output);
        }
    }

    @Test
    void foreignFilesGiveClearErrors(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        String message = assertThrows(IllegalArgumentException.class, () -> StateDict.load(text)).getMessage();
        assertTrue(message.startsWith("cannot read state_dict " + text), message);
        Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StateDict.load(empty)).getMessage().contains("empty"));
        assertThrows(IllegalArgumentException.class, () -> StateDict.load(dir.resolve("missing.pt")));
    }
}
