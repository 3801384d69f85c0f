package io.github.dann4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dann4j.interop.PickleValues.StorageRef;
import io.github.dann4j.interop.PickleValues.TensorRef;
import org.junit.jupiter.api.Test;

/** Which sizes, strides and offsets fit a storage, at the edges. */
class TensorBoundsTest {
    private static TensorRef t(long storage, long offset, long[] sizes, long[] strides) {
        return new TensorRef(new StorageRef("0", StorageType.FLOAT, storage), offset, sizes, strides);
    }

    private static long[] l(long... v) {
        return v;
    }

    @Test
    void viewsInsideTheirStorageAreAccepted() {
        assertEquals(16, TensorBounds.check(t(16, 0, l(4, 4), l(4, 1))));
        assertEquals(16, TensorBounds.check(t(16, 0, l(4, 4), l(1, 4))), "transposed");
        assertEquals(6, TensorBounds.check(t(16, 10, l(2, 3), l(3, 1))), "offset 10, last element 15");
        assertEquals(1000, TensorBounds.check(t(1, 0, l(1000), l(0))), "a broadcast view of one element");
        assertEquals(0, TensorBounds.check(t(16, 16, l(0, 5), l(5, 1))), "empty, at the very end");
        assertEquals(1, TensorBounds.check(t(1, 0, l(), l())), "a scalar");
        assertTrue(TensorBounds.isWholeStorage(t(16, 0, l(4, 4), l(4, 1)), 16));
        assertFalse(TensorBounds.isWholeStorage(t(16, 0, l(4, 4), l(1, 4)), 16));
        assertFalse(TensorBounds.isWholeStorage(t(17, 0, l(4, 4), l(4, 1)), 16));
    }

    @Test
    void viewsReachingOutsideAreRefused() {
        String[] expected = {"past the end", "past the end", "past the end", "past the end", "negative storage offset",
            "negative size or stride", "negative size or stride", "overflow", "overflow", "past the end", "dimensions"};
        TensorRef[] bad = {
            t(16, 1, l(4, 4), l(4, 1)),                 // one element too far
            t(16, 1 << 20, l(4, 4), l(4, 1)),           // offset 2^20
            t(16, 0, l(4, 4), l(100000, 1)),            // stride (100000, 1)
            t(0, 0, l(4, 4), l(4, 1)),                  // an empty storage
            t(16, -1, l(4), l(1)),
            t(16, 0, l(-4), l(1)),
            t(16, 0, l(4), l(-1)),
            t(16, 0, l(1L << 62, 4), l(1, 1)),          // numel overflows
            t(16, 0, l(2, 2), l(Long.MAX_VALUE, 1)),    // (size - 1) * stride overflows
            t(16, 17, l(0), l(1)),                      // empty but past the end
            t(16, 0, new long[65], new long[65]),
        };
        for (int i = 0; i < bad.length; i++) {
            TensorRef tensor = bad[i];
            String message = assertThrows(IllegalArgumentException.class, () -> TensorBounds.check(tensor), "case " + i).getMessage();
            assertTrue(message.contains(expected[i]), "case " + i + ": " + message);
        }
    }
}
