package io.github.dann4j.data;

import static io.github.dann4j.testing.Mutations.mutate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.dann4j.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the data loaders: valid IDX (raw and gzip), CSV, NPY, NPZ and PNG-folder files
 * are mutated (random bytes overwritten, truncated, one bit flipped) and loaded. Each case must
 * load, or fail with an IllegalArgumentException or UncheckedIOException, within a time limit:
 * no other exception, no crash, no hang. Then the CLI gets mutated files and must exit 0 or 1
 * with one line.
 */
class DataFilesFuzzTest {
    // -Ddann4j.fuzz.cases=N -Ddann4j.fuzz.seed=S run a longer or different campaign.
    private static final int CASES_PER_FORMAT = Integer.getInteger("dann4j.fuzz.cases", 50);

    /** Writes one valid data set under {@code dir} and returns the file to mutate and the path to load. */
    private record Sample(Path mutate, Path load) {
    }

    private static Map<String, Function<Path, Sample>> formats() {
        Map<String, Function<Path, Sample>> formats = new LinkedHashMap<>();
        byte[] pixels = new byte[6 * 4 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        formats.put("idx", dir -> {
            Path images = TestFiles.idx(dir.resolve("t-images-idx3-ubyte"), IdxReader.IMAGES_MAGIC, new int[] {6, 4, 4}, pixels, false);
            TestFiles.idx(dir.resolve("t-labels-idx1-ubyte"), IdxReader.LABELS_MAGIC, new int[] {6}, new byte[] {0, 1, 2, 3, 4, 5}, false);
            return new Sample(images, images);
        });
        formats.put("idx.gz", dir -> {
            Path images = TestFiles.idx(dir.resolve("t-images-idx3-ubyte.gz"), IdxReader.IMAGES_MAGIC, new int[] {6, 4, 4}, pixels, true);
            return new Sample(images, images);
        });
        formats.put("csv", dir -> {
            Path csv = TestFiles.text(dir.resolve("d.csv"), "a,b,label\n1.5,2,0\n3,4.25,1\n-5,6,1\n7,8e-3,0\n");
            return new Sample(csv, csv);
        });
        formats.put("npy", dir -> {
            Path npy = TestFiles.write(dir.resolve("x.npy"), TestFiles.npy(1, "<f4", false, new long[] {3, 2}, TestFiles.le(1f, 2f, 3f, 4f, 5f, 6f)));
            return new Sample(npy, npy);
        });
        formats.put("npz", dir -> {
            Map<String, byte[]> arrays = new LinkedHashMap<>();
            arrays.put("x", TestFiles.npy(1, "<f8", false, new long[] {2, 2}, TestFiles.le(1.0, 2.0, 3.0, 4.0)));
            arrays.put("y", TestFiles.npy(1, "<i8", false, new long[] {2}, TestFiles.le(0L, 1L)));
            Path npz = TestFiles.npz(dir.resolve("d.npz"), arrays, true);
            return new Sample(npz, npz);
        });
        formats.put("png", dir -> {
            Path folder = dir.resolve("images");
            try {
                Files.createDirectories(folder);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
            Path first = TestFiles.rgbPng(folder.resolve("a.png"), 5, 5, (x, y) -> (x * 40) << 16 | (y * 40));
            TestFiles.rgbPng(folder.resolve("b.png"), 5, 5, (x, y) -> x * y * 9);
            TestFiles.text(dir.resolve("images_labels.txt"), "a.png 0\nb.png 1\n");
            return new Sample(first, folder);
        });
        return formats;
    }

    @Test
    void mutatedFilesLoadOrFailWithAClearError(@TempDir Path root) throws Exception {
        Random random = new Random(Long.getLong("dann4j.fuzz.seed", 1127));
        ExecutorService worker = Executors.newSingleThreadExecutor();
        List<String> findings = new ArrayList<>();
        int cases = 0;
        int rejected = 0;
        try {
            for (Map.Entry<String, Function<Path, Sample>> format : formats().entrySet()) {
                for (int i = 0; i < CASES_PER_FORMAT; i++) {
                    Path dir = Files.createDirectories(root.resolve(format.getKey() + i));
                    Sample sample = format.getValue().apply(dir);
                    Files.write(sample.mutate(), mutate(Files.readAllBytes(sample.mutate()), random));
                    String name = format.getKey() + " case " + i;
                    Future<Boolean> load = worker.submit(() -> {
                        try (PointerScope scope = new PointerScope(); LoadedData data = DataLoaders.load(sample.load())) {
                            return data.size() >= 0;
                        } catch (IllegalArgumentException | UncheckedIOException e) {
                            if (e.getMessage() == null || e.getMessage().isBlank()) {
                                findings.add(name + ": error without a message: " + e);
                            }
                            return false;
                        }
                    });
                    cases++;
                    try {
                        if (!load.get(20, TimeUnit.SECONDS)) {
                            rejected++;
                        }
                    } catch (TimeoutException e) {
                        fail(format.getKey() + " case " + i + " hangs");
                    } catch (java.util.concurrent.ExecutionException e) {
                        findings.add(format.getKey() + " case " + i + ": " + e.getCause());
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        assertTrue(findings.isEmpty(), "unclear failures: " + findings);
        assertEquals(6 * CASES_PER_FORMAT, cases);
        assertTrue(rejected > cases / 4, "only " + rejected + " of " + cases + " mutations rejected: is the fuzzing reaching the parsers?");
    }

    @Test
    void theCliAnswersMutatedFilesWithOneLine(@TempDir Path root) throws Exception {
        Random random = new Random(99);
        for (int i = 0; i < 20; i++) {
            Path dir = Files.createDirectories(root.resolve("cli" + i));
            Path source = TestFiles.text(dir.resolve("s.csv"), "a,b,label\n1,2,0\n3,4,1\n5,6,1\n7,8,0\n");
            Path target = TestFiles.text(dir.resolve("t.csv"), "a,b\n1,2\n3,4\n5,6\n");
            Files.write(source, mutate(Files.readAllBytes(source), random));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "train", "--source", source.toString(),
                    "--target", target.toString(), "--steps", "3", "--batch-size", "2", "--output", dir.resolve("run").toString());
            assertTrue(status == 0 || status == 1, "case " + i + ": exit " + status + " " + err);
            if (status == 1) {
                assertTrue(err.toString().startsWith("dann4j: ") && err.toString().strip().split("\n").length == 1,
                        "case " + i + ": " + err);
            }
        }
    }
}
