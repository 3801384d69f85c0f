package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 4180 quoting as FastCSV splits it, values parsed straight to the stored type, and the bounds
 * that keep a hostile CSV from exhausting memory, each with its one-line error.
 */
class CsvQuotingTest {
    @TempDir
    Path dir;

    private LoadedData read(String content, ScalarType dtype) {
        return CsvReader.read(TestFiles.text(dir.resolve("a.csv"), content), "label", dtype);
    }

    private String error(String content) {
        Path file = TestFiles.text(dir.resolve("bad.csv"), content);
        String message = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(file).close()).getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(!message.contains("\n") && !message.contains("\r"), message);
        return message.substring(file.toString().length() + 2);
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() {
        // Header names with a comma, a doubled quote and a line break; quoted numbers; CRLF, LF and CR.
        String csv = "\"x, first\",\"the \"\"b\"\"\",\"la\nbel\",\"label\"\r\n\"1.5\",-2,\"7\",\"1\"\r\n3,\" 4 \",8,0\r5,6,9,\"2\"\n";
        try (LoadedData data = read(csv, ScalarType.Float)) {
            assertArrayEquals(new double[] {1.5, -2, 7, 3, 4, 8, 5, 6, 9}, Tensors.toDoubles(data.features()), 0.0);
            assertArrayEquals(new long[] {1, 0, 2}, Tensors.toLongs(data.labels()));
        }
        // The label column is found by its unquoted name, with the comma inside it.
        Path file = TestFiles.text(dir.resolve("b.csv"), "a,\"y, class\"\n0.5,1\n");
        try (LoadedData data = CsvReader.read(file, "y, class")) {
            assertArrayEquals(new long[] {1}, Tensors.toLongs(data.labels()));
        }
    }

    @Test
    void aByteOrderMarkBeforeAQuotedHeaderIsSkipped() {
        try (LoadedData data = read("\uFEFF\"a\",\"label\"\n2,1\n", ScalarType.Float)) {
            assertArrayEquals(new double[] {2}, Tensors.toDoubles(data.features()), 0.0);
            assertArrayEquals(new long[] {1}, Tensors.toLongs(data.labels()));
        }
    }

    @Test
    void linesAreCountedInTheFileAlsoAfterALineBreakInsideQuotes() {
        // The header spans lines 1-2, so the bad value is on line 4; the name's break is written \n.
        assertEquals("line 4, column 'a\\nb': 'x' is not a number", error("\"a\nb\",c\n1,2\nx,4\n"));
        assertEquals("line 3, column 'c': a character after the closing quote (a quote inside a quoted value is written"
                + " twice: \"\")", error("a,c\n1,2\n3,\"2\"x\n"));
        assertEquals("line 3 has 3 values but the header has 2 columns", error("a,c\n1,2\n3,\"4,5\",6\n"));
    }

    @Test
    void float64KeepsTheValueOfTheTextWhereFloat32WouldRoundIt() {
        // 2^53 - 1, 1 + 2^-52 and 1e-300 (below float32's smallest subnormal) are exact or nearest in a double.
        String[] texts = {"0.1", "1e-300", "9007199254740991", "1.0000000000000002", "-123456.789012345678"};
        StringBuilder csv = new StringBuilder("a\n");
        for (String t : texts) {
            csv.append(t).append('\n');
        }
        try (LoadedData data = read(csv.toString(), ScalarType.Double)) {
            double[] values = Tensors.toDoubles(data.features());
            for (int i = 0; i < texts.length; i++) {
                double expected = Double.parseDouble(texts[i]);
                assertEquals(expected, values[i], 0.0, texts[i]);
                assertNotEquals((double) (float) expected, values[i], texts[i] + " would be the same in float32");
            }
        }
    }

    @Test
    void float32IsRoundedOnceFromTheText() {
        // Just above the midpoint of 1 and the next float, 1 + 2^-23: the nearest float is 1 + 2^-23.
        // Through a double, the text first rounds to the midpoint itself, which then ties to even, 1.
        String text = "1.00000005960464477539062500001";
        float up = Math.nextUp(1f);
        assertEquals(1f, (float) Double.parseDouble(text), "the trap: rounding twice gives 1");
        try (LoadedData data = read("a\n" + text + "\n", ScalarType.Float)) {
            assertEquals(up, Tensors.toDoubles(data.features())[0], 0.0);
        }
        // Past float32's largest value only by what rounds back to it: finite, and stored as that value.
        try (LoadedData data = read("a\n3.4028235e38\n", ScalarType.Float)) {
            assertEquals(Float.MAX_VALUE, Tensors.toDoubles(data.features())[0], 0.0);
        }
        assertEquals("line 2, column 'a': feature value 3.5e38 is outside the float32 range", error("a\n3.5e38\n"));
    }

    @Test
    void float32MatchesFloatParseFloatAtAndAroundEveryKindOfTie() {
        // Texts at, just above and just below the midpoints of random adjacent floats (normal,
        // subnormal, near the largest), and ordinary values: the reader's float must be the JDK's.
        Random random = new Random(27);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            float f = switch (i % 3) {
                case 0 -> Float.intBitsToFloat(random.nextInt(0x7f7fffff)); // any finite positive float
                case 1 -> Float.MIN_VALUE * random.nextInt(1 << 23); // subnormal
                default -> Float.intBitsToFloat(0x7f7ffffe - random.nextInt(1000)); // near the largest
            };
            BigDecimal mid = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
            BigDecimal tiny = mid.ulp(); // far below a double's resolution: the double is the midpoint
            texts.add(mid.toString());
            texts.add(mid.add(tiny).toString());
            texts.add(mid.subtract(tiny).negate().toString());
            texts.add(Float.toString((float) random.nextGaussian()));
        }
        // Past the largest float by just under half its ulp: the double is that tie, which overflows.
        BigDecimal overflowTie = new BigDecimal(Float.MAX_VALUE).add(new BigDecimal(Math.ulp(Float.MAX_VALUE) / 2));
        texts.add(overflowTie.subtract(overflowTie.ulp()).toString());
        texts.add(overflowTie.toString()); // the tie itself goes to even: infinity, refused (last, read alone)
        try (LoadedData data = read("a\n" + String.join("\n", texts.subList(0, texts.size() - 1)) + "\n", ScalarType.Float)) {
            double[] values = Tensors.toDoubles(data.features());
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.parseFloat(texts.get(i)), values[i], 0.0, texts.get(i));
            }
        }
        assertTrue(error("a\n" + texts.get(texts.size() - 1) + "\n").endsWith("is outside the float32 range"));
    }

    @Test
    void aGiantFieldIsRefusedAtItsLineAndColumn() {
        String digits = "1".repeat(CsvRows.MAX_FIELD_CHARS + 1);
        assertEquals("line 3, column 'b': a value longer than " + CsvRows.MAX_FIELD_CHARS + " characters",
                error("a,b\n1,2\n3," + digits + "\n"));
        // A quote that never closes swallows the rest of the file: refused where it opened, after
        // MAX_FIELD_CHARS characters, whether the field still fits FastCSV's buffer or not.
        for (int lines : new int[] {17_000, 400_000}) {
            String message = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> error("a,b\n1,2\n3,\"4\n" + "5,6\n".repeat(lines)));
            assertEquals("line 3, column 'b': a value longer than " + CsvRows.MAX_FIELD_CHARS
                    + " characters (an unclosed quote?)", message);
        }
        // A long value that is echoed in a message is cut to a readable length.
        String message = error("a\n" + "9".repeat(1000) + "\n");
        assertTrue(message.startsWith("line 2, column 'a': feature value 999") && message.contains("... (1000 characters)")
                && message.length() < 200, message);
    }

    @Test
    void aRowOfTooManyFieldsIsRefusedQuickly() {
        String header = "a,".repeat(CsvRows.MAX_COLUMNS) + "a";
        String message = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> error(header + "\n1\n"));
        assertEquals("line 1: more than " + CsvRows.MAX_COLUMNS + " values; save data this wide as .npy", message);
        // A ragged row keeps only the header's width of fields and counts the rest.
        assertEquals("line 2 has 500001 values but the header has 2 columns", error("a,b\n" + ",".repeat(500_000) + "\n"));
    }

    @Test
    void malformedUtf8IsAnErrorNamingTheFile() {
        Path file = TestFiles.write(dir.resolve("latin1.csv"), "a\n\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        String message = assertThrows(UncheckedIOException.class, () -> CsvReader.read(file).close()).getMessage();
        assertTrue(message.startsWith(file + ": cannot read: "), message);
    }
}
