package io.github.dann4j.interop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Writes a protocol-2 pickle of plain values — {@link Map}s with string keys, {@link List}s,
 * strings, integers, doubles, booleans, {@code null} — and tensors, as {@code torch.save} does:
 * each tensor as {@code torch._utils._rebuild_tensor_v2} over a {@code torch.*Storage}
 * persistent id, its storage (a contiguous CPU copy) collected in {@link #storages()} for the
 * archive's {@code data/<index>} records. Python's {@code torch.load(weights_only=True)} reads
 * the result, and so does {@link PickleReader}.
 */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Tensor> storages = new ArrayList<>();

    /** Pickles {@code value}; call once. */
    byte[] write(Object value) {
        out.write(0x80);
        out.write(2);
        value(value);
        out.write('.');
        return out.toByteArray();
    }

    /** One contiguous CPU tensor per tensor written, in order; the caller closes them. */
    List<Tensor> storages() {
        return storages;
    }

    private void value(Object value) {
        if (value == null) {
            out.write('N');
        } else if (value instanceof Boolean b) {
            out.write(b ? 0x88 : 0x89);
        } else if (value instanceof Integer || value instanceof Long) {
            integer(((Number) value).longValue());
        } else if (value instanceof Double d) {
            out.write('G');
            long bits = Double.doubleToLongBits(d);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift) & 0xff);
            }
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Map<?, ?> map) {
            out.write('}');
            if (!map.isEmpty()) {
                out.write('(');
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("dict keys must be strings, got " + entry.getKey());
                    }
                    string(key);
                    value(entry.getValue());
                }
                out.write('u');
            }
        } else if (value instanceof List<?> list) {
            out.write(']');
            if (!list.isEmpty()) {
                out.write('(');
                for (Object item : list) {
                    value(item);
                }
                out.write('e');
            }
        } else if (value instanceof Tensor tensor) {
            tensor(tensor);
        } else {
            throw new IllegalArgumentException("cannot pickle a " + value.getClass().getName());
        }
    }

    private void tensor(Tensor tensor) {
        StorageType type = StorageType.of(tensor.scalar_type());
        Tensor storage;
        try (MemoryFormatOptional format = new MemoryFormatOptional(torch.MemoryFormat.Contiguous)) {
            Tensor detached = tensor.detach();
            Tensor cpu = detached.cpu();
            storage = cpu.clone(format);
            cpu.close();
            detached.close();
        }
        storages.add(storage);
        long[] sizes = io.github.dann4j.internal.TensorChecks.shape(storage);
        global("torch._utils", "_rebuild_tensor_v2");
        out.write('(');
        out.write('(');
        string("storage");
        global("torch", type.className);
        string(Integer.toString(storages.size() - 1));
        string("cpu");
        integer(storage.numel());
        out.write('t');
        out.write('Q');
        integer(0);
        tuple(sizes);
        tuple(contiguousStrides(sizes));
        out.write(0x89);
        global("collections", "OrderedDict");
        out.write(')');
        out.write('R');
        out.write('t');
        out.write('R');
    }

    private static long[] contiguousStrides(long[] sizes) {
        long[] strides = new long[sizes.length];
        long stride = 1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= Math.max(sizes[i], 1);
        }
        return strides;
    }

    private void tuple(long[] values) {
        out.write('(');
        for (long v : values) {
            integer(v);
        }
        out.write('t');
    }

    private void global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        littleEndian(bytes.length, 4);
        out.writeBytes(bytes);
    }

    private void integer(long v) {
        if (v >= 0 && v < 256) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write('M');
            littleEndian(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            littleEndian(v, 4);
        } else {
            out.write(0x8a);
            out.write(8);
            littleEndian(v, 8);
        }
    }

    private void littleEndian(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
