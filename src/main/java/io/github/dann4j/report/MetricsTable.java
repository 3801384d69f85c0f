package io.github.dann4j.report;

import io.github.dann4j.internal.Messages;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A run's metrics.csv decimated to a readable table: per run (the {@code run} column, when there is
 * one) at most {@link #ROWS} rows evenly spaced over its steps, and always its last row. Read twice
 * as a stream (count, then pick), so a long run's file never sits in memory.
 */
final class MetricsTable {
    /** Rows shown per run, besides its last. */
    static final int ROWS = 50;
    /** The longest line read. */
    static final int MAX_LINE = 64 * 1024;

    final List<String> header;
    final List<List<String>> rows;
    final long total;

    private MetricsTable(List<String> header, List<List<String>> rows, long total) {
        this.header = header;
        this.rows = rows;
        this.total = total;
    }

    static MetricsTable read(Path file, long maxRows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> header = scan(file, maxRows, (run, index, cells) -> counts.merge(run, 1L, Long::sum));
        Map<String, TreeSet<Long>> keep = new LinkedHashMap<>();
        counts.forEach((run, count) -> {
            TreeSet<Long> picked = new TreeSet<>();
            for (int j = 0; j < ROWS && j < count; j++) {
                picked.add(j * count / Math.min(ROWS, count));
            }
            picked.add(count - 1);
            keep.put(run, picked);
        });
        List<List<String>> rows = new ArrayList<>();
        scan(file, maxRows, (run, index, cells) -> {
            if (keep.get(run).contains(index)) {
                rows.add(cells);
            }
        });
        return new MetricsTable(header, rows, counts.values().stream().mapToLong(Long::longValue).sum());
    }

    private interface RowSink {
        void accept(String run, long indexInRun, List<String> cells);
    }

    /** Calls {@code sink} for every data row; returns the header. */
    private static List<String> scan(Path file, long maxRows, RowSink sink) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = line(in, file, 1);
            if (first == null) {
                throw new IllegalArgumentException(file + " is empty; a metrics file starts with a header line");
            }
            List<String> header = Arrays.asList(first.split(",", -1));
            boolean byRun = header.get(0).trim().equals("run");
            Map<String, Long> seen = new LinkedHashMap<>();
            long number = 1;
            long rowsRead = 0;
            while (true) {
                String line = line(in, file, ++number);
                if (line == null) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (++rowsRead > maxRows) {
                    throw new IllegalArgumentException(file + " has more than " + maxRows + " rows; a report reads at most that many");
                }
                List<String> cells = Arrays.asList(line.split(",", -1));
                if (cells.size() != header.size()) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + cells.size() + " cells, the header has "
                            + header.size());
                }
                String run = byRun ? cells.get(0) : "";
                long index = seen.merge(run, 1L, Long::sum) - 1;
                sink.accept(run, index, cells);
            }
            return header;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + Messages.of(e), e);
        }
    }

    /** The next line, or null at the end; a line over {@link #MAX_LINE} characters is refused. */
    private static String line(BufferedReader in, Path file, long number) throws IOException {
        StringBuilder line = new StringBuilder();
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
            if (line.length() > MAX_LINE) {
                throw new IllegalArgumentException(file + " line " + number + " is longer than " + MAX_LINE + " characters");
            }
            c = in.read();
        }
        return line.toString();
    }

    /** The table as HTML: numbers to 4 significant digits, every cell escaped. */
    String html() {
        StringBuilder out = new StringBuilder("<table class=\"metrics\">\n<tr>");
        header.forEach(h -> out.append("<th>").append(Html.text(h)).append("</th>"));
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            row.forEach(cell -> out.append("<td>").append(Html.text(number(cell))).append("</td>"));
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private static String number(String cell) {
        String s = cell.trim();
        if (s.matches("-?\\d{1,18}")) {
            return s;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : s;
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
