package io.github.dann4j.robustness;

import io.github.dann4j.internal.TensorChecks;
import io.github.dann4j.internal.Tensors;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.bytedeco.pytorch.Tensor;

/**
 * The SUMMARY of a {@code LOADED} line of {@link HostileFileRunner} for the load and into modes:
 * {@code KEY|DTYPE|SHAPE|SUM|ABS_SUM|FIRST} per tensor, joined by {@code ;} (SHAPE like 8x2,
 * "scalar" for 0-dim; FIRST up to 4 values, "-" if none; sums "nan" for more than 2^24 elements),
 * which {@link HostileChecks#checkValues} compares with {@code EXPECTED.tsv}.
 */
final class HostileTensorSummary {
    private static final int MAX_LISTED = 4;

    private HostileTensorSummary() {}

    static String summary(Map<String, Tensor> tensors) {
        StringJoiner all = new StringJoiner(";");
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor t = entry.getValue();
            long[] shape = TensorChecks.shape(t);
            StringJoiner dims = new StringJoiner("x");
            for (long s : shape) {
                dims.add(Long.toString(s));
            }
            String first = "-";
            String sum = "nan";
            String absSum = "nan";
            if (t.numel() <= (1L << 24)) {
                double[] values = Tensors.toDoubles(t);
                double s = 0;
                double a = 0;
                StringJoiner firsts = new StringJoiner(",");
                for (int i = 0; i < values.length; i++) {
                    s += values[i];
                    a += Math.abs(values[i]);
                    if (i < MAX_LISTED) {
                        firsts.add(Double.toString(values[i]));
                    }
                }
                sum = Double.toString(s);
                absSum = Double.toString(a);
                first = values.length == 0 ? "-" : firsts.toString();
            }
            all.add(entry.getKey() + "|" + dtype(t) + "|" + (shape.length == 0 ? "scalar" : dims.toString()) + "|"
                    + sum + "|" + absSum + "|" + first);
        }
        return all.toString();
    }

    /** PyTorch's name of a tensor's dtype (float32, int64, ...). */
    static String dtype(Tensor t) {
        String name = t.scalar_type().intern().name();
        return switch (name) {
            case "Float" -> "float32";
            case "Double" -> "float64";
            case "Half" -> "float16";
            case "BFloat16" -> "bfloat16";
            case "Long" -> "int64";
            case "Int" -> "int32";
            case "Short" -> "int16";
            case "Char" -> "int8";
            case "Byte" -> "uint8";
            case "Bool" -> "bool";
            default -> name.toLowerCase(Locale.ROOT);
        };
    }
}
