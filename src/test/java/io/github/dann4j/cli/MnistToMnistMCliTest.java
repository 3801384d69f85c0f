package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short end-to-end run of the CLI on the real MNIST -> MNIST-M data (profile data). */
@Tag("data")
class MnistToMnistMCliTest {

    @Test
    void trainsOnMnistAgainstMnistMAndEvaluates(@TempDir Path dir) {
        Path data = Path.of(System.getProperty("user.dir")).resolve("../shared/data").normalize();
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("mnist_m")), "no data at " + data);
        Path out = dir.resolve("run");
        Result train = run("train",
                "--source", data.resolve("mnist/train-images-idx3-ubyte.gz").toString(),
                "--target", data.resolve("mnist_m/mnist_m_train").toString(),
                "--validation", data.resolve("mnist_m/mnist_m_test").toString(),
                "--grey-to-rgb", "--crop", "28x28", "--normalize", "mean", "--architecture", "digits",
                "--limit", "2000", "--steps", "60", "--batch-size", "32", "--output", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("validation accuracy"), train.out());
        Result evaluate = run("evaluate", "--model", out.toString(),
                "--data", data.resolve("mnist_m/mnist_m_test").toString(), "--limit", "500");
        assertEquals(0, evaluate.status(), evaluate.err());
        assertTrue(evaluate.out().contains("(500 samples)") || evaluate.out().contains("of 500)"), evaluate.out());
    }
}
