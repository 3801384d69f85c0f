package io.github.dann4j.report;

/** HTML escaping for text read from files: everything shown in a report goes through {@link #text}. */
final class Html {
    private Html() {}

    /** {@code s} with {@code & < > " '} escaped, safe in element content and quoted attributes. */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
