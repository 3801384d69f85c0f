package io.github.dann4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.internal.Tensors;
import io.github.dann4j.testing.Npy;
import io.github.dann4j.train.TensorDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression targets as the loaders read them: CSV target columns, a targets .npy, a .npz array. */
class RegressionTargetsTest {
    private static LoadOptions regression(String... columns) {
        return LoadOptions.DEFAULTS.withRegressionTargets(List.of(columns));
    }

    @Test
    void csvTargetColumnsInTheOrderGiven(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("d.csv"), "a,y2,b,y1\n1,0.5,2,-1.25\n3,1.5,4,2.75\n");
        try (LoadedData data = DataLoaders.load(csv, regression("y1", "y2").withDtype(ScalarType.Double))) {
            assertTrue(data.isRegression());
            assertEquals(2, data.targetWidth());
            assertArrayEquals(new double[] {1, 2, 3, 4}, Tensors.toDoubles(data.features()), 0.0);
            assertArrayEquals(new double[] {-1.25, 0.5, 2.75, 1.5}, Tensors.toDoubles(data.labels()), 0.0);
            assertEquals(ScalarType.Double, data.labels().scalar_type().intern());
            try (LoadedData first = data.first(1); TensorDataset set = first.toDataset()) {
                assertTrue(first.isRegression()); // copies keep the targets
                assertEquals(2, set.targetWidth());
            }
            IllegalArgumentException classes = assertThrows(IllegalArgumentException.class, data::classCount);
            assertTrue(classes.getMessage().contains("has regression targets"), classes.getMessage());
        }
        // Without any target column: unlabelled, every column a feature; with only some: refused.
        try (LoadedData none = DataLoaders.load(csv, regression("z"))) {
            assertFalse(none.isLabelled());
            assertEquals(4, none.sampleShape()[0]);
        }
        IllegalArgumentException some = assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load(csv, regression("y1", "z")));
        assertTrue(some.getMessage().contains("no target column [z]"), some.getMessage());
        assertThrows(IllegalArgumentException.class, () -> regression("y1", "y1"));
        Path infinite = Files.writeString(dir.resolve("inf.csv"), "a,y\n1,2\n3,Infinity\n");
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load(infinite, regression("y")));
        assertTrue(inf.getMessage().contains("line 3") && inf.getMessage().contains("is not finite"), inf.getMessage());
    }

    @Test
    void npyAndNpzTargets(@TempDir Path dir) throws Exception {
        Path x = Files.write(dir.resolve("x.npy"), Npy.array("<f4", new long[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6}));
        Path y = Files.write(dir.resolve("y.npy"), Npy.array("<f8", new long[] {3}, new double[] {0.5, -0.25, 1e-3}));
        try (LoadedData data = DataLoaders.load(x, regression().withLabels(y))) {
            assertEquals(1, data.targetWidth()); // [N] is read as [N, 1]
            assertArrayEquals(new double[] {0.5, -0.25, (float) 1e-3}, Tensors.toDoubles(data.labels()), 0.0);
        }
        Path ints = Files.write(dir.resolve("i.npy"), Npy.array("<i8", new long[] {3}, new double[] {0, 1, 2}));
        IllegalArgumentException integers = assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load(x, regression().withLabels(ints)));
        assertTrue(integers.getMessage().contains("regression targets must be float32 or float64"), integers.getMessage());
        Path nan = Files.write(dir.resolve("n.npy"), Npy.array("<f4", new long[] {3, 1}, new double[] {0, Double.NaN, 2}));
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load(x, regression().withLabels(nan)));
        assertTrue(notFinite.getMessage().endsWith("the regression target of sample 1 is NaN or infinite"),
                notFinite.getMessage());
        Path npz = Npy.npz(dir.resolve("d.npz"), Map.of("x", Npy.array("<f4", new long[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6}),
                "targets", Npy.array("<f4", new long[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6})), false);
        try (LoadedData data = DataLoaders.load(npz, regression())) {
            assertEquals(2, data.targetWidth());
        }
        // Classification keeps refusing non-integer labels.
        IllegalArgumentException fractions = assertThrows(IllegalArgumentException.class,
                () -> DataLoaders.load(x, LoadOptions.DEFAULTS.withLabels(y)));
        assertTrue(fractions.getMessage().contains("non-integer values"), fractions.getMessage());
    }
}
