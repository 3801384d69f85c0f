package io.github.dann4j.parity;

import io.github.dann4j.interop.StateDict;
import io.github.dann4j.internal.Tensors;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/** Reads the reference files written by reference/make_references.py (through our state_dict reader). */
final class ReferenceFiles {
    private ReferenceFiles() {}

    static Map<String, Tensor> load(String name) {
        return StateDict.load(path(name));
    }

    /** The path of a file under {@code reference/} in the test resources. */
    static Path path(String name) {
        try {
            return Path.of(ReferenceFiles.class.getResource("/reference/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("reference file " + name + " is missing from the test resources", e);
        }
    }

    /** The entries under {@code prefix}, with the prefix removed. */
    static Map<String, Tensor> withPrefix(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), value);
            }
        });
        return out;
    }

    /**
     * Relative error of {@code actual} against {@code expected}: max |a - e| / max |e| (the
     * infinity norm, so an entry near zero does not blow the ratio up).
     */
    static double relativeError(Tensor actual, Tensor expected) {
        return relativeError(Tensors.toDoubles(actual), Tensors.toDoubles(expected));
    }

    static double relativeError(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("length " + actual.length + " vs " + expected.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / Math.max(scale, Double.MIN_NORMAL);
    }
}
