package io.github.dann4j.cli;

import static io.github.dann4j.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.cli.MainTest.Result;
import io.github.dann4j.report.RunProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train writes run.properties; dann4j report turns the run folder into one page. */
class ReportCliTest {

    @Test
    void trainRecordsTheRunAndReportShowsIt(@TempDir Path dir) throws Exception {
        Path source = BlobsCsv.write(dir.resolve("source.csv"), 100, 0, true, 1);
        Path target = BlobsCsv.write(dir.resolve("target.csv"), 100, 0.5, false, 2);
        Path validation = BlobsCsv.write(dir.resolve("validation.csv"), 60, 0.5, true, 3);
        Path out = dir.resolve("run");
        Result train = run("train", "--source", source.toString(), "--target", target.toString(), "--validation",
                validation.toString(), "--features", "6", "--steps", "40", "--lr", "constant:0.05", "--output", out.toString());
        assertEquals(0, train.status(), train.err());

        Map<String, String> recorded = RunProperties.read(out.resolve(RunProperties.FILE_NAME));
        String printed = train.out().replaceAll("(?s).*validation accuracy (\\S+) .*", "$1");
        assertEquals(Double.parseDouble(printed), Double.parseDouble(recorded.get("result.validation_accuracy")), 5e-5);
        assertTrue(recorded.containsKey("result.source_accuracy") && recorded.containsKey("result.domain_accuracy"), recorded.toString());
        assertEquals("40", recorded.get("setting.steps"));
        assertEquals("constant:0.05", recorded.get("setting.lr"));
        assertEquals("momentum:0.9", recorded.get("setting.optimizer"), "defaults are recorded too");
        assertEquals("40", recorded.get("steps_trained"));
        assertTrue(recorded.get("command").startsWith("dann4j train --source "), recorded.get("command"));
        assertTrue(Double.parseDouble(recorded.get("duration_seconds")) >= 0);

        Result report = run("report", out.toString());
        assertEquals(0, report.status(), report.err());
        Path page = out.resolve("report.html");
        assertTrue(report.out().startsWith("wrote " + page), report.out());
        String html = Files.readString(page);
        assertTrue(html.contains("<th>validation accuracy</th><td>" + recorded.get("result.validation_accuracy") + "</td>"));
        assertTrue(html.contains("data:image/png;base64,") && html.contains("training_curves.png"));
        assertTrue(html.contains("<h3>model.properties</h3>\n<table>"));
        assertTrue(html.contains("40 of 40 rows"), "every row of a 40-step run");

        Path elsewhere = dir.resolve("pages/run.html");
        assertEquals(0, run("report", out.toString(), "--output", elsewhere.toString()).status());
        assertTrue(Files.readString(elsewhere).contains("<section id=\"metrics\">"));
    }

    @Test
    void badRequestsGiveOneLine(@TempDir Path dir) throws Exception {
        Result help = run("report", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("RUN_DIR") && help.out().contains("--output"), help.out());

        Result missing = run("report", dir.resolve("nothing").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("dann4j: the run folder") && missing.err().strip().lines().count() == 1, missing.err());

        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("metrics.csv"), "run,step,loss\nDANN,0,1\n");
        Result wrong = run("report", run.toString(), "--output", run.resolve("metrics.csv").toString());
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("--output must end in .html"), wrong.err());
        Files.createSymbolicLink(run.resolve("report.html"), run.resolve("metrics.csv"));
        Result link = run("report", run.toString());
        assertEquals(1, link.status());
        assertTrue(link.err().contains("would overwrite the input"), link.err());
        assertEquals("run,step,loss\nDANN,0,1\n", Files.readString(run.resolve("metrics.csv")), "the input is untouched");
        assertFalse(Files.exists(dir.resolve("nothing")));
    }
}
