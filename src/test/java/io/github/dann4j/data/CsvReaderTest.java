package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import java.nio.file.Path;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private String error(String content) {
        Path file = TestFiles.text(dir.resolve("bad.csv"), content);
        String message = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(file)).getMessage();
        assertTrue(message.startsWith(file.toString()), message);
        return message;
    }

    @Test
    void readsFeaturesAndTheLabelColumnWhereverItIs() {
        Path file = TestFiles.text(dir.resolve("a.csv"), "x1,label,x2\n0.5,1,-2\n\n 3 ,0, 1e-3\r\n\"4\",2.0,7\n");
        try (LoadedData data = CsvReader.read(file)) {
            assertEquals(ScalarType.Float, data.features().scalar_type().intern());
            assertArrayEquals(new long[] {3, 2}, TensorChecks.shape(data.features()));
            assertArrayEquals(new double[] {0.5, -2, 3, (float) 1e-3, 4, 7}, Tensors.toDoubles(data.features()), 0.0);
            assertArrayEquals(new long[] {1, 0, 2}, Tensors.toLongs(data.labels()));
        }
    }

    @Test
    void fileWithoutTheLabelColumnIsUnlabelled() {
        Path file = TestFiles.text(dir.resolve("t.csv"), "a,b,c\n1,2,3\n4,5,6\n");
        try (LoadedData data = CsvReader.read(file)) {
            assertFalse(data.isLabelled());
            assertNull(data.labels());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Tensors.toDoubles(data.features()), 0.0);
        }
    }

    @Test
    void theCallerChoosesTheLabelColumn() {
        Path file = TestFiles.text(dir.resolve("c.csv"), "label,f,class\n9,1.5,3\n8,2.5,4\n");
        try (LoadedData data = CsvReader.read(file, "class")) {
            // "label" is now an ordinary feature.
            assertArrayEquals(new double[] {9, 1.5, 8, 2.5}, Tensors.toDoubles(data.features()), 0.0);
            assertArrayEquals(new long[] {3, 4}, Tensors.toLongs(data.labels()));
        }
    }

    @Test
    void nonNumericValuesNameTheLineAndColumn() {
        String message = error("a,b\n1,2\n3,x\n");
        assertTrue(message.contains("line 3, column 'b': 'x' is not a number"), message);
        assertTrue(error("a,b\n1,\n").contains("line 2, column 'b': '' is not a number"));
    }

    @Test
    void raggedRowsAreErrors() {
        String message = error("a,b,label\n1,2,0\n1,2\n");
        assertTrue(message.contains("line 3 has 2 values but the header has 3 columns"), message);
        assertTrue(error("a,b\n1,2,3\n").contains("line 2 has 3 values"));
    }

    @Test
    void nanAndInfiniteFeaturesAreErrors() {
        assertTrue(error("a,b\n1,NaN\n").contains("line 2, column 'b': feature value NaN is not finite"));
        assertTrue(error("a,b\n1,2\n-Infinity,2\n").contains("line 3, column 'a'"));
        assertTrue(error("a\n1e300\n").contains("outside the float32 range"));
    }

    @Test
    void nonIntegerAndNegativeLabelsAreErrors() {
        assertTrue(error("a,label\n1,0.5\n").contains("line 2, column 'label': label '0.5' is not an integer"));
        assertTrue(error("a,label\n1,1\n1,-1\n").contains("line 3, column 'label': label -1 is negative"));
        assertTrue(error("a,label\n1,NaN\n").contains("is not an integer"));
    }

    @Test
    void emptyFilesAndHeaderOnlyFilesAreErrors() {
        assertTrue(error("").contains("empty file"));
        assertTrue(error("a,b\n").contains("no data rows"));
        assertTrue(error("label\n1\n").contains("no feature columns"));
    }

    @Test
    void aLabelColumnNamedTwiceIsAnError() {
        // Before: one 'label' was the label and the other silently a feature.
        assertTrue(error("a,label,b,label\n1,0,2,1\n").endsWith(
                ": line 1: the label column 'label' appears twice (columns 2 and 4); rename one"));
    }
}
