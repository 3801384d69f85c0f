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
}
