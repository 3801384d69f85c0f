package io.github.dann4j.distributed;

/**
 * A distributed run failed: a rank did not arrive, died, stopped answering, or disagrees with the
 * others. The message is one line and names this process's rank and, where it can be known, the
 * rank at fault; native details (c10d's and Gloo's messages) are cut to their first line.
 */
public final class DistributedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DistributedException(String message) {
        super(message);
    }
}
