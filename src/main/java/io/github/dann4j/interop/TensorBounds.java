package io.github.dann4j.interop;

import io.github.dann4j.interop.PickleValues.TensorRef;

/**
 * The check that makes a tensor from a file safe to create: its sizes, strides and storage
 * offset must describe elements inside its storage. libtorch trusts these numbers; a file that
 * lies about them would otherwise make tensors over other memory (heap reads, crashes).
 */
final class TensorBounds {
    private TensorBounds() {}

    /**
     * Checks {@code 0 <= offset}, sizes and strides {@code >= 0}, and, for a non-empty tensor,
     * {@code offset + Σ (size_i − 1) · stride_i < numel(storage)} without overflow (an empty
     * tensor needs {@code offset <= numel(storage)}).
     *
     * @return the tensor's number of elements
     * @throws IllegalArgumentException naming the tensor and what is out of bounds
     */
    static long check(TensorRef tensor) {
        if (tensor.sizes().length > 64) {
            throw new IllegalArgumentException("a tensor has " + tensor.sizes().length + " dimensions (at most 64)");
        }
        if (tensor.offset() < 0) {
            throw new IllegalArgumentException("a tensor has a negative storage offset: " + tensor);
        }
        long numel = 1;
        long last = tensor.offset();
        try {
            for (int i = 0; i < tensor.sizes().length; i++) {
                long size = tensor.sizes()[i];
                long stride = tensor.strides()[i];
                if (size < 0 || stride < 0) {
                    throw new IllegalArgumentException("a tensor has a negative size or stride: " + tensor);
                }
                numel = Math.multiplyExact(numel, size);
                if (size > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size - 1, stride));
                }
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a tensor's sizes and strides overflow 64 bits: " + tensor);
        }
        long available = tensor.storage().numel();
        if (numel == 0 ? tensor.offset() > available : last >= available) {
            throw new IllegalArgumentException("a tensor reaches past the end of its storage: " + tensor);
        }
        return numel;
    }

    /** True if the tensor is its whole storage, row-major: then it can be a view of it. */
    static boolean isWholeStorage(TensorRef tensor, long numel) {
        if (tensor.offset() != 0 || numel != tensor.storage().numel()) {
            return false;
        }
        long expected = 1;
        for (int i = tensor.sizes().length - 1; i >= 0; i--) {
            if (tensor.sizes()[i] != 1 && tensor.strides()[i] != expected) {
                return false;
            }
            expected *= tensor.sizes()[i];
        }
        return true;
    }
}
