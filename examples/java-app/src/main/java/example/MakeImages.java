package example;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a small two-domain image data set in the layout {@code dann4j train} reads (a folder of
 * PNGs and {@code labels.txt}): 16x16 grey images of a bright bar, vertical (class 0) or horizontal
 * (class 1); the target domain has a brighter, noisier background. Usage: {@code MakeImages DIR}.
 */
public final class MakeImages {
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        write(root.resolve("source"), 120, 10, 1);
        write(root.resolve("target"), 120, 80, 2);
    }

    private static void write(Path folder, int n, int background, long seed) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(seed);
        try (Writer labels = Files.newBufferedWriter(folder.resolve("labels.txt"))) {
            for (int i = 0; i < n; i++) {
                int label = i % 2;
                int at = 3 + random.nextInt(10);
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        boolean bar = label == 0 ? Math.abs(x - at) <= 1 : Math.abs(y - at) <= 1;
                        int v = bar ? 220 : background + random.nextInt(30);
                        image.getRaster().setSample(x, y, 0, Math.min(255, v));
                    }
                }
                String name = String.format("%04d.png", i);
                ImageIO.write(image, "png", folder.resolve(name).toFile());
                labels.write(name + " " + label + "\n");
            }
        }
    }
}
