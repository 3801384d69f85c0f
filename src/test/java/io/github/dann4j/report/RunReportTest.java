package io.github.dann4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.plot.ChartFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class RunReportTest {
    static final String HOSTILE = "<script>alert('x')</script>";

    /** A run folder as train writes it, by hand: run.properties, model.properties, metrics.csv, a PNG and an SVG. */
    static Path runFolder(Path dir, int steps) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        RunProperties.started(Instant.parse("2026-01-02T03:04:05Z")).command("dann4j train --source a.csv")
                .setting("note", HOSTILE).setting("steps", Integer.toString(steps)).result("validation_accuracy", 0.8125)
                .write(run.resolve(RunProperties.FILE_NAME), Instant.parse("2026-01-02T03:05:05Z"));
        Files.writeString(run.resolve("model.properties"), "architecture=mlp\nclasses=2\nactivation=" + HOSTILE.replace("'", "")
                + "\ndann4j_version=0.0.1\n");
        StringBuilder csv = new StringBuilder("run,step,loss,lambda\n");
        for (String name : List.of("source-only", "DANN")) {
            for (int s = 0; s < steps; s++) {
                csv.append(name).append(',').append(s).append(',').append(1.0 / (s + 1)).append(',').append(s * 0.001).append('\n');
            }
        }
        Files.writeString(run.resolve("metrics.csv"), csv);
        XYChart chart = new XYChartBuilder().width(400).height(300).title("loss").xAxisTitle("step").yAxisTitle("loss").build();
        chart.addSeries("loss", new double[] {0, 1, 2, 3}, new double[] {3, 1, 2, 0.5});
        ChartFiles.save(chart, run.resolve("training_curves.png"));
        ChartFiles.save(chart, run.resolve("another.svg"));
        return run;
    }

    @Test
    void onePageWithEverythingInlineAndEscaped(@TempDir Path dir) throws Exception {
        Path run = runFolder(dir, 500);
        Path page = dir.resolve("out/report.html");
        RunReport.write(run, page);
        String html = Files.readString(page);
        for (String id : List.of("accuracies", "figures", "metrics", "configuration", "versions")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertEquals(count(html, "<section"), count(html, "</section>"));
        assertEquals(count(html, "<table"), count(html, "</table>"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
        assertTrue(html.contains("<th>validation accuracy</th><td>0.812500</td>"), "the final accuracy");
        assertTrue(html.contains("dann4j train --source a.csv") && html.contains("0.0.1"));

        // Nothing from the folder runs or loads: escaped text, no references to the network.
        assertFalse(html.toLowerCase().contains("<script"), "a hostile value is escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external references");

        // The figures, in order, as data: URIs that decode to the files' images.
        Matcher m = Pattern.compile("<img src=\"data:image/([a-z+]+);base64,([A-Za-z0-9+/=]+)\" alt=\"([^\"]+)\"").matcher(html);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            byte[] bytes = Base64.getDecoder().decode(m.group(2));
            names.add(m.group(3));
            if (m.group(1).equals("png")) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
                assertNotNull(image);
                assertEquals(400, image.getWidth());
                assertEquals(300, image.getHeight());
            } else {
                assertEquals("svg+xml", m.group(1));
                assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("<svg"));
            }
        }
        assertEquals(List.of("training_curves.png", "another.svg"), names);

        // The metrics: at most 50 rows a run and its last, the step column as written.
        String metrics = html.substring(html.indexOf("<table class=\"metrics\">"), html.indexOf("</table>", html.indexOf("<table class=\"metrics\">")));
        int rows = count(metrics, "<tr>") - 1;
        assertTrue(rows >= 100 && rows <= 102, rows + " rows");
        assertTrue(metrics.contains("<td>source-only</td><td>499</td>") && metrics.contains("<td>DANN</td><td>499</td>"));
        assertTrue(metrics.contains("<td>DANN</td><td>0</td>"));
        assertTrue(html.contains(rows + " of 1000 rows"));
    }

    @Test
    void shortRunsShowEveryRowAndFoldersWithoutAModelStillReport(@TempDir Path dir) throws Exception {
        Path run = runFolder(dir, 7);
        Files.delete(run.resolve("model.properties"));
        String html = RunReport.html(run, RunReport.Limits.DEFAULTS);
        String metrics = html.substring(html.indexOf("<table class=\"metrics\">"));
        assertEquals(14, count(metrics.substring(0, metrics.indexOf("</table>")), "<tr>") - 1);
        assertTrue(html.contains("<h3>model.properties</h3>\n<p>not in this folder</p>"));
    }

    @Test
    void badOrOversizedInputsAreRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path run = runFolder(dir, 30);
        assertMessage(() -> RunReport.html(run, new RunReport.Limits(1000, 64, 1000)), "training_curves.png is ");
        assertMessage(() -> RunReport.html(run, new RunReport.Limits(16 << 20, 1, 1000)), "has 2 figures");
        assertMessage(() -> RunReport.html(run, new RunReport.Limits(16 << 20, 64, 59)), "more than 59 rows");
        assertTrue(RunReport.html(run, new RunReport.Limits(16 << 20, 64, 60)).contains(" of 60 rows"), "exactly the limit is read");

        Files.writeString(run.resolve("fake.png"), "GIF89a not a png");
        assertMessage(() -> RunReport.html(run, RunReport.Limits.DEFAULTS), "fake.png is not a PNG");
        Files.delete(run.resolve("fake.png"));
        Files.writeString(run.resolve("metrics.csv"), "run,step,loss\nDANN,0,1.0\nDANN,1\n");
        assertMessage(() -> RunReport.html(run, RunReport.Limits.DEFAULTS), "metrics.csv line 3: 2 cells, the header has 3");
        Files.writeString(run.resolve("metrics.csv"), "run,step\n" + "x".repeat(70_000) + "\n");
        assertMessage(() -> RunReport.html(run, RunReport.Limits.DEFAULTS), "line 2 is longer than");
        try (var big = new java.io.RandomAccessFile(run.resolve("run.properties").toFile(), "rw")) {
            big.setLength(RunProperties.MAX_BYTES + 1);
        }
        assertMessage(() -> RunReport.html(run, RunReport.Limits.DEFAULTS), "run.properties is 1048577 bytes");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertMessage(() -> RunReport.html(empty, RunReport.Limits.DEFAULTS), "holds no run");
        assertMessage(() -> RunReport.html(dir.resolve("missing"), RunReport.Limits.DEFAULTS), "does not exist");
    }

    @Test
    void runPropertiesKeepOddValuesExactly(@TempDir Path dir) {
        Path file = dir.resolve(RunProperties.FILE_NAME);
        String odd = "a=b: c\\d\nnext line \u00e9 #not a comment";
        RunProperties.started(Instant.parse("2026-01-02T03:04:05Z")).setting("odd", odd).result("accuracy", 0.5)
                .write(file, Instant.parse("2026-01-02T03:04:07.5Z"));
        Map<String, String> read = RunProperties.read(file);
        assertEquals(odd, read.get("setting.odd"));
        assertEquals("0.500000", read.get("result.accuracy"));
        assertEquals("2.5", read.get("duration_seconds"));
        assertEquals("2026-01-02T03:04:05Z", read.get("start_time"));
        assertTrue(read.get("libtorch_version").startsWith("2.10.0"), read.get("libtorch_version"));
        assertTrue(read.containsKey("java_version") && read.containsKey("dann4j_version"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part) && !e.getMessage().contains("\n"), e.getMessage());
    }
}
