package io.github.dann4j;

/**
 * A native (libtorch) operation failed. The message names the operation and describes its input
 * (shape, dtype, device) before libtorch's own message, without the C++ backtrace.
 */
public class NativeOpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String inputDescription;

    public NativeOpException(String operation, String inputDescription, String nativeMessage, Throwable cause) {
        super(operation + " failed on input " + inputDescription + ": " + nativeMessage, cause);
        this.operation = operation;
        this.inputDescription = inputDescription;
    }

    /** The name of the native operation, e.g. {@code "gradient_reversal"}. */
    public String operation() {
        return operation;
    }

    /** The input as described in the message, e.g. {@code "of shape [2, 3] (Long, cpu)"}. */
    public String inputDescription() {
        return inputDescription;
    }
}
