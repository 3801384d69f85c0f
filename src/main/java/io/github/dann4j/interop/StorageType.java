package io.github.dann4j.interop;

import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The typed storage classes that PyTorch files name in their persistent ids
 * ({@code torch.FloatStorage} and so on), each with its libtorch dtype and its size in bytes.
 * Anything else is refused.
 */
enum StorageType {
    FLOAT("FloatStorage", ScalarType.Float, 4),
    DOUBLE("DoubleStorage", ScalarType.Double, 8),
    HALF("HalfStorage", ScalarType.Half, 2),
    BFLOAT16("BFloat16Storage", ScalarType.BFloat16, 2),
    LONG("LongStorage", ScalarType.Long, 8),
    INT("IntStorage", ScalarType.Int, 4),
    SHORT("ShortStorage", ScalarType.Short, 2),
    CHAR("CharStorage", ScalarType.Char, 1),
    BYTE("ByteStorage", ScalarType.Byte, 1),
    BOOL("BoolStorage", ScalarType.Bool, 1);

    final String className;
    final ScalarType dtype;
    final int itemSize;

    StorageType(String className, ScalarType dtype, int itemSize) {
        this.className = className;
        this.dtype = dtype;
        this.itemSize = itemSize;
    }

    /** The storage class named {@code torch.<name>}, or null. */
    static StorageType byClassName(String name) {
        for (StorageType type : values()) {
            if (type.className.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** The storage class for a libtorch dtype. */
    static StorageType of(ScalarType dtype) {
        for (StorageType type : values()) {
            if (type.dtype.intern() == dtype.intern()) {
                return type;
            }
        }
        throw new IllegalArgumentException("tensors of dtype " + dtype + " cannot be saved");
    }

    String dtypeName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
