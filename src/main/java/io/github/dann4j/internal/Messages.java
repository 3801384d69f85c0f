package io.github.dann4j.internal;

/** Message helpers shared by the layers that turn native errors into Java exceptions. Not public API. */
public final class Messages {
    private Messages() {}

    /** The first line of a (possibly multi-line, possibly null) native error message. */
    public static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * An exception's message for the end of "cannot read F: ...": the message, or the exception's
     * class when it has none (an EOFException or some ZipExceptions carry no message).
     */
    public static String of(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String first = firstLine(message);
        // NoSuchFileException and AccessDeniedException carry only the path: say what happened.
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file " + first;
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file " + first + " is in the way";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + first;
        }
        return first;
    }
}
