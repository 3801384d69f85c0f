package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.file.Files;
import io.github.dann4j.model.ModelDescription;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder's description is checked before the model is built: its size, its classes, its format version. */
class ModelFolderBoundsTest {

    private static Path folder(Path dir, String extra) throws Exception {
        Path model = Files.createDirectories(dir.resolve("m"));
        Files.writeString(model.resolve("model.properties"), "architecture=mlp\nsample_shape=2\nfeature_sizes=8\n"
                + "classifier_sizes=2\ndiscriminator_sizes=1\nactivation=relu\ndomain_output=logits\n" + extra);
        Files.write(model.resolve("model.pt"), new byte[300]);
        Files.writeString(dir.resolve("d.csv"), "a,b,label\n0,1,0\n1,0,1\n");
        return model;
    }

    private static String evaluate(Path dir, Path model) {
        Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> run("evaluate", "--model", model.toString(), "--data", dir.resolve("d.csv").toString()));
        assertEquals(1, result.status(), result.err());
        assertEquals(1, result.err().strip().split("\n").length, result.err());
        return result.err().strip();
    }

    @Test
    void aSmallDescriptionOfAHugeModelIsRefusedBeforeAllocating(@TempDir Path dir) throws Exception {
        Path model = folder(dir, "format_version=2\n");
        Files.writeString(model.resolve("model.properties"),
                Files.readString(model.resolve("model.properties")).replace("feature_sizes=8", "feature_sizes=30000,30000"));
        assertEquals("dann4j: " + model.resolve("model.properties") + " describes a model of 900,210,003 parameters (3.6 GB"
                + " in float32) but " + model.resolve("model.pt") + " holds only 300 bytes; the two do not belong together",
                evaluate(dir, model));
    }

    @Test
    void tooManyClassesAreRefusedBeforeBuilding(@TempDir Path dir) throws Exception {
        Path model = folder(dir, "format_version=2\n");
        Files.writeString(model.resolve("model.properties"),
                Files.readString(model.resolve("model.properties")).replace("classifier_sizes=2", "classifier_sizes=150001"));
        assertTrue(evaluate(dir, model).endsWith("has 150001 classes, over the limit of 10000 (raise it with"
                + " -Ddann4j.limit.classes=N)"));
    }

    @Test
    void formatVersionsThatAreNotNumbersOrAreFromTheFutureAreRefused(@TempDir Path dir) throws Exception {
        Path bad = folder(dir.resolve("a"), "format_version=abc\n");
        assertEquals("dann4j: bad model description " + bad.resolve("model.properties") + ": format_version 'abc' is not"
                + " a number (this dann4j writes " + ModelDescription.FORMAT_VERSION + ")", evaluate(dir.resolve("a"), bad));
        int next = ModelDescription.FORMAT_VERSION + 1;
        Path future = folder(dir.resolve("b"), "format_version=" + next + "\n");
        assertEquals("dann4j: bad model description " + future.resolve("model.properties") + ": format_version " + next + " is newer"
                + " than this dann4j reads (1 to " + ModelDescription.FORMAT_VERSION + "); use the dann4j version that wrote it, or a newer one",
                evaluate(dir.resolve("b"), future));
    }
}
