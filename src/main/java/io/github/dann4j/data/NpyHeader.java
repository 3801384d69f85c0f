package io.github.dann4j.data;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The parsed header of one {@code .npy} array: its {@code descr} as written, the tensor dtype it
 * maps to, and its shape. Only what {@link NpyReader} supports parses; the rest is refused with a
 * message naming the array ({@code where}).
 */
record NpyHeader(String descr, ScalarType type, long[] shape) {
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    /** Bytes of one element as stored. */
    long itemSize() {
        return switch (type) {
            case Byte -> 1;
            case Float -> 4;
            default -> 8; // Double, Long
        };
    }

    /**
     * Parses the header's Python dict literal.
     *
     * @throws IllegalArgumentException for structured dtypes, Fortran order, big-endian or other
     *     unsupported dtypes, and bad shapes
     */
    static NpyHeader parse(String header, String where) {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IllegalArgumentException(where + ": cannot parse the .npy header (structured dtypes are not supported): "
                    + (header.isBlank() ? "the header is empty" : header.trim()));
        }
        if (fortran.group(1).equals("True")) {
            throw new IllegalArgumentException(where + ": the array is stored in Fortran (column-major) order; only C order is"
                    + " supported (save np.ascontiguousarray(a) instead)");
        }
        String d = descr.group(1);
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("reading .npy needs a little-endian machine");
        }
        if (d.length() == 3 && d.charAt(0) == '>' && d.charAt(2) != '1') {
            throw new IllegalArgumentException(where + ": big-endian data ('" + d + "') is not supported; save it"
                    + " little-endian, e.g. a.astype('<" + d.substring(1) + "')");
        }
        ScalarType type = switch (d) {
            case "|u1", "<u1", ">u1", "u1" -> ScalarType.Byte;
            case "<f4" -> ScalarType.Float;
            case "<f8" -> ScalarType.Double;
            case "<i8" -> ScalarType.Long;
            default -> throw new IllegalArgumentException(where + ": dtype '" + d + "' is not supported (supported: |u1 uint8,"
                    + " <f4 float32, <f8 float64, <i8 int64)");
        };
        List<Long> dims = new ArrayList<>();
        for (String part : shape.group(1).split(",")) {
            String p = part.trim();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1); // Python 2 longs in old files
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": bad shape in the .npy header: (" + shape.group(1) + ")");
            }
        }
        return new NpyHeader(d, type, dims.stream().mapToLong(Long::longValue).toArray());
    }
}
