package io.github.dann4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run report in a real browser: Debian's Chromium, headless, offline flags, a fresh profile,
 * takes a screenshot of the page; it must have the window's size and show the page (many colours,
 * the first figure's area not uniform). Skipped, with the reason, without /usr/bin/chromium
 * ({@code scripts/install-chromium.sh} installs it). Tagged slow: {@code mvn -Pslow verify}.
 */
@Tag("slow")
class ReportBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 2000;

    @Test
    void chromiumRendersTheReportOffline(@TempDir Path dir) throws Exception {
        assumeTrue(CHROMIUM.canExecute(), "no /usr/bin/chromium: run scripts/install-chromium.sh to check the report in a browser");
        Path run = RunReportTest.runFolder(dir, 300);
        // The first figure: a colour gradient of thousands of colours, which text and a broken-image
        // icon cannot produce (a page whose images fail to load shows a few hundred colours).
        BufferedImage gradient = new BufferedImage(500, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 500; x++) {
                gradient.setRGB(x, y, (x / 2) << 16 | (y * 255 / 299) << 8 | 128);
            }
        }
        ImageIO.write(gradient, "png", run.resolve("training_curves.png").toFile());
        Path page = run.resolve(RunReport.FILE_NAME);
        RunReport.write(run, page);
        Path shot = dir.resolve("screenshot.png");
        Path profile = Files.createDirectories(dir.resolve("profile"));
        List<String> command = new ArrayList<>(List.of(CHROMIUM.getPath(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--screenshot=" + shot, "--window-size=" + WIDTH + "," + HEIGHT,
                page.toUri().toString()));
        Process chromium = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile()).start();
        boolean done = chromium.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            chromium.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("chromium.log"));
        assertTrue(done && chromium.exitValue() == 0, "chromium failed: " + log);
        assertTrue(Files.isRegularFile(shot), "no screenshot: " + log);

        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        assertTrue(colours(image, 0, 0, WIDTH, HEIGHT) > 50, "the page is drawn, not blank");
        // The first figure (500 x 300) sits below the title and the accuracies, in the page's left
        // half: that area shows the gradient, not a uniform background or a broken image.
        int figureColours = colours(image, 0, 250, WIDTH / 2, 700);
        System.out.printf("screenshot %dx%d, %d colours; the first figure's area %d colours%n", image.getWidth(),
                image.getHeight(), colours(image, 0, 0, WIDTH, HEIGHT), figureColours);
        assertTrue(figureColours > 5000, "the first figure's area has " + figureColours + " colours");
    }

    private static int colours(BufferedImage image, int x0, int y0, int x1, int y1) {
        Set<Integer> seen = new HashSet<>();
        for (int y = y0; y < Math.min(y1, image.getHeight()); y++) {
            for (int x = x0; x < Math.min(x1, image.getWidth()); x++) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
