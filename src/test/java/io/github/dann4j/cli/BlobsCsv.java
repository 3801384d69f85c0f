package io.github.dann4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** The CLI tests' small data: two Gaussian blobs (labels 0/1) in 3 features, as a CSV file. */
final class BlobsCsv {
    private BlobsCsv() {}

    /**
     * Writes {@code n} rows (labels alternating 0, 1; column {@code label} when {@code withLabels})
     * to {@code file}: blob centres at −1 and 1 in the first two features, every feature's noise
     * 0.3, the first and third features shifted by {@code shift} (the target domain's shift).
     */
    static Path write(Path file, int n, double shift, boolean withLabels, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(withLabels ? "a,b,c,label\n" : "a,b,c\n");
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double centre = label == 0 ? -1 : 1;
            text.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f", centre + shift + 0.3 * random.nextGaussian(),
                    centre + 0.3 * random.nextGaussian(), shift + 0.3 * random.nextGaussian()));
            text.append(withLabels ? "," + label + "\n" : "\n");
        }
        return Files.writeString(file, text);
    }
}
