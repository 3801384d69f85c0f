package io.github.dann4j.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.RecordWrapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The rows of a CSV file, tokenised by FastCSV ({@code de.siegmar:fastcsv}, MIT) as RFC 4180 says:
 * fields in double quotes may hold commas, line breaks and doubled quotes ({@code ""}), and
 * nothing may follow the closing quote but a comma or the line's end; lines end in LF, CRLF or
 * CR. FastCSV rather than Apache Commons CSV: it hands each field to a callback, so this class
 * decides what to keep of a row before anything is allocated for it; its buffer has a
 * configurable bound; and it has no dependencies of its own. Each field is trimmed of surrounding spaces, and one unquoted field that is still
 * wrapped in quotes after that ({@code 1, "2"}) loses them, as the reader before FastCSV accepted.
 * Empty and blank lines are skipped.
 *
 * <p>Bounds against hostile files: a field may hold at most {@link #MAX_FIELD_CHARS} characters
 * (FastCSV's buffer holds one field, so an unclosed quote is refused at the line where it opened,
 * after that many characters, not at the end of the file); a row at most {@link #MAX_COLUMNS}
 * fields; and a data row keeps only as many fields as the header has columns, counting the rest,
 * so a ragged line costs time, not memory. These bounds are fixed rather than taken from
 * {@link io.github.dann4j.runtime.Limits}: no number or column name needs more, and what they
 * let one row hold is small beside {@code Limits.memoryBytes()}, which bounds the whole table.
 * Every error is an {@link IllegalArgumentException} naming the file, the line and the column.
 */
final class CsvRows implements Closeable {
    /** The most characters of one field: a number or a column name, quotes included. */
    static final int MAX_FIELD_CHARS = 1 << 16;
    /** The most fields of one row (the header included). */
    static final int MAX_COLUMNS = 1 << 20;
    /** The most characters of a value an error message repeats. */
    static final int SHOWN_CHARS = 80;
    /** FastCSV reads in chunks of 8192 characters and needs up to two beside a field. */
    private static final int BUFFER_CHARS = MAX_FIELD_CHARS + 2 * 8192;

    private final Path file;
    private final Fields fields = new Fields();
    private final CloseableIterator<Fields> records;
    private String[] names;

    /** Reads {@code text} (decoded by the caller); a leading byte order mark is skipped. */
    CsvRows(Path file, Reader text) throws IOException {
        this.file = file;
        PushbackReader in = new PushbackReader(text, 1);
        int first = in.read();
        if (first >= 0 && first != '\uFEFF') { // the UTF-8 byte order mark some spreadsheets write
            in.unread(first);
        }
        records = de.siegmar.fastcsv.reader.CsvReader.builder()
                .maxBufferSize(BUFFER_CHARS)
                .acceptCharsAfterQuotes(false)
                .build(fields, in)
                .iterator();
    }

    /**
     * Reads the next non-blank row, keeping at most {@code keep} of its fields (all are counted).
     *
     * @return false at the end of the file
     */
    boolean next(int keep) throws IOException {
        fields.keep = keep;
        try {
            while (records.hasNext()) {
                records.next();
                if (fields.count > 1 || fields.quoted || !fields.values[0].isEmpty()) {
                    return true;
                }
            }
            return false;
        } catch (CsvParseException e) { // FastCSV wraps whatever is thrown while it reads, ours included
            if (e.getCause() instanceof IllegalArgumentException ours) {
                throw ours;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            String cause = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            String what = cause.contains("buffer size") ? "a value longer than " + MAX_FIELD_CHARS
                    + " characters (an unclosed quote?)"
                    : cause.startsWith("Unexpected character after closing quote") ? "a character after the closing"
                    + " quote (a quote inside a quoted value is written twice: \"\")"
                    : shown(cause);
            throw new IllegalArgumentException(where(fields.count) + ": " + what);
        } catch (UncheckedIOException e) { // FastCSV's wrapper of what the Reader threw
            throw e.getCause();
        }
    }

    /** The line the row begins on, from 1. */
    long line() {
        return fields.line;
    }

    /** Fields in the row, also those past {@code keep}. */
    int count() {
        return fields.count;
    }

    /** Field {@code i} ({@code i < min(count, keep)}), trimmed. */
    String field(int i) {
        return fields.values[i];
    }

    /** The header's column names, for the errors about later rows. */
    void names(String[] header) {
        names = header;
    }

    /** "FILE: line L, column 'NAME'" (or the column's number before the header is known). */
    String where(int column) {
        String name = names != null && column < names.length ? "'" + shown(names[column]) + "'" : String.valueOf(column + 1);
        return file + ": line " + fields.line + ", column " + name;
    }

    /**
     * {@code text} for a one-line message: line breaks (a quoted field may hold them) written as
     * {@code \n} and {@code \r}, and cut after {@value #SHOWN_CHARS} characters.
     */
    static String shown(String text) {
        String cut = text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "... (" + text.length() + " characters)"
                : text;
        return cut.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public void close() throws IOException {
        records.close();
    }

    /** FastCSV's callback: the fields of the row being read, in one reused array. */
    private final class Fields extends AbstractBaseCsvCallbackHandler<Fields> {
        String[] values = new String[16];
        int keep;
        int count;
        long line;
        boolean quoted;

        @Override
        protected void handleBegin(long startingLine) {
            line = startingLine;
            count = 0;
            quoted = false;
            values[0] = "";
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int length, boolean inQuotes) {
            count = index + 1;
            quoted |= inQuotes;
            if (length > MAX_FIELD_CHARS) {
                throw new IllegalArgumentException(where(index) + ": a value longer than " + MAX_FIELD_CHARS + " characters"
                        + (inQuotes ? " (an unclosed quote?)" : ""));
            }
            if (index >= MAX_COLUMNS) {
                throw new IllegalArgumentException(file + ": line " + line + ": more than " + MAX_COLUMNS
                        + " values; save data this wide as .npy");
            }
            if (index >= keep) {
                return;
            }
            if (index == values.length) {
                values = Arrays.copyOf(values, Math.min(keep, 2 * values.length));
            }
            String value = new String(buf, offset, length).trim();
            if (!inQuotes && value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                value = value.substring(1, value.length() - 1).trim();
            }
            values[index] = value;
        }

        @Override
        protected RecordWrapper<Fields> buildRecord() {
            return wrapRecord(this);
        }
    }
}
