package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --source A --source B}: two CSV sources train with per-source batch sizes and both
 * kinds of domain labels, metrics.csv gains each domain's columns only then, the model folder is
 * evaluated as any other, and options that do not fit the sources are refused as usage.
 */
class MultiSourceCliTest {

    private static final String ONE_SOURCE_HEADER = "run,step,loss,label_loss,domain_loss,domain_accuracy,lambda,learning_rate";

    @Test
    void twoCsvSourcesTrainPerDomainAndTheModelEvaluates(@TempDir Path dir) throws Exception {
        Path a = BlobsCsv.write(dir.resolve("a.csv"), 40, 0.0, true, 1);
        Path b = BlobsCsv.write(dir.resolve("b.csv"), 30, 0.4, true, 2);
        Path target = BlobsCsv.write(dir.resolve("t.csv"), 36, 0.8, true, 3);
        Path out = dir.resolve("run");
        Result train = run("train", "--source", a.toString(), "--source", b.toString(), "--target", target.toString(),
                "--features", "8", "--steps", "12", "--source-batch-size", "8,4", "--target-batch-size", "6",
                "--domain-labels", "per-domain", "--checkpoint-every", "6", "--output", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("source 1 accuracy (training data, " + b + ")"), train.out());
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(ONE_SOURCE_HEADER + ",source_0_label_loss,source_1_label_loss,source_0_domain_accuracy,"
                + "source_1_domain_accuracy,target_domain_accuracy", csv.get(0));
        assertEquals(13, csv.size());
        for (String row : csv.subList(1, csv.size())) {
            String[] cells = row.split(",", -1);
            assertEquals(13, cells.length, row);
            for (int i = 8; i < 13; i++) {
                assertFalse(cells[i].isEmpty(), row);
            }
        }
        String properties = Files.readString(out.resolve("model.properties"));
        assertTrue(properties.contains("discriminator_sizes=3"), "the domain head got K+1 = 3 logits: " + properties);
        Result evaluate = run("evaluate", "--model", out.toString(), "--data", target.toString());
        assertEquals(0, evaluate.status(), evaluate.err());

        // resumes from its checkpoint only with the same sources and batch sizes
        Result other = run("train", "--source", a.toString(), "--source", b.toString(), "--target", target.toString(),
                "--features", "8", "--steps", "12", "--source-batch-size", "8", "--target-batch-size", "6",
                "--domain-labels", "per-domain", "--resume", out.resolve("checkpoint.ckpt").toString(),
                "--output", dir.resolve("run2").toString());
        assertEquals(1, other.status());
        assertTrue(other.err().contains("sources=2 sourceBatches=8,4 but this run has"), other.err());
    }

    @Test
    void mergedSourcesTrainAndOneSourceKeepsTheCsvColumns(@TempDir Path dir) throws Exception {
        Path a = BlobsCsv.write(dir.resolve("a.csv"), 40, 0.0, true, 1);
        Path b = BlobsCsv.write(dir.resolve("b.csv"), 30, 0.4, true, 2);
        Path target = BlobsCsv.write(dir.resolve("t.csv"), 36, 0.8, false, 3);
        Result merged = run("train", "--source", a.toString(), "--source", b.toString(), "--target", target.toString(),
                "--features", "8", "--steps", "5", "--batch-size", "6", "--output", dir.resolve("merged").toString());
        assertEquals(0, merged.status(), merged.err());
        assertTrue(Files.readString(dir.resolve("merged/model.properties")).contains("discriminator_sizes=1"));
        assertTrue(Files.readAllLines(dir.resolve("merged/metrics.csv")).get(0).endsWith(",target_domain_accuracy"));
        Result one = run("train", "--source", a.toString(), "--target", target.toString(), "--features", "8",
                "--steps", "5", "--batch-size", "6", "--output", dir.resolve("one").toString());
        assertEquals(0, one.status(), one.err());
        assertEquals(ONE_SOURCE_HEADER, Files.readAllLines(dir.resolve("one/metrics.csv")).get(0));
    }

    @Test
    void optionsThatDoNotFitTheSourcesAreRefusedAsUsage(@TempDir Path dir) throws Exception {
        Path a = BlobsCsv.write(dir.resolve("a.csv"), 20, 0.0, true, 1);
        Path b = BlobsCsv.write(dir.resolve("b.csv"), 20, 0.4, true, 2);
        Path target = BlobsCsv.write(dir.resolve("t.csv"), 20, 0.8, false, 3);
        Path labels = Files.writeString(dir.resolve("labels.csv"), "label\n0\n");
        String[] two = {"train", "--source", a.toString(), "--source", b.toString(), "--target", target.toString(),
                "--steps", "2", "--output", dir.resolve("out").toString()};
        assertUsage("--source-batch-size takes one size or one per --source (2), got '8,4,2'",
                two, "--source-batch-size", "8,4,2");
        assertUsage("--source-labels: give none or one per --source (2), in the same order; got 1",
                two, "--source-labels", labels.toString());
        assertUsage("--domain-labels must be merged or per-domain, got 'each'", two, "--domain-labels", "each");
        assertUsage("--domain-labels per-domain with 2 sources needs a domain classifier of 3 outputs, but --discriminator"
                + " ends in 1", two, "--domain-labels", "per-domain", "--discriminator", "5,1");
        assertUsage("--select-by and --hold-out-source take one --source; this run has 2", two,
                "--hold-out-source", "0.2");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");

        Path wide = Files.writeString(dir.resolve("wide.csv"), "a,b,c,d,label\n1,2,3,4,0\n1,2,3,5,1\n");
        Result shapes = run("train", "--source", a.toString(), "--source", wide.toString(), "--target", target.toString(),
                "--steps", "2", "--output", dir.resolve("out").toString());
        assertEquals(1, shapes.status());
        assertTrue(shapes.err().startsWith("dann4j: ") && shapes.err().strip().lines().count() == 1, shapes.err());
        assertTrue(shapes.err().contains("[3]") && shapes.err().contains("[4]"), shapes.err());
    }

    private static void assertUsage(String expected, String[] base, String... more) {
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        Result result = run(args);
        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().startsWith("dann4j: " + expected), result.err());
    }
}
