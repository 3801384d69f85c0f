package io.github.dann4j.report;

import io.github.dann4j.grl.GradientReversal;
import io.github.dann4j.internal.AtomicFiles;
import io.github.dann4j.internal.Messages;
import io.github.dann4j.model.ModelDescription;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code run.properties}: what a run was asked to do and what it measured, beside its outputs, for
 * {@link RunReport}. Keys: {@code command} (the arguments), {@code setting.<option>} (every
 * option's value, defaults included), {@code result.<name>} (e.g.
 * {@code result.validation_accuracy}), {@code start_time} (ISO-8601), {@code duration_seconds},
 * {@code dann4j_version}, {@code libtorch_version} (bytedeco's pytorch presets) and
 * {@code java_version}. Java properties syntax, UTF-8, keys in the order they were set.
 *
 * <pre>{@code
 * RunProperties run = RunProperties.started(Instant.now()).setting("steps", "1000");
 * // ... train ...
 * run.result("validation_accuracy", 0.912).write(folder.resolve(RunProperties.FILE_NAME), Instant.now());
 * }</pre>
 */
public final class RunProperties {
    /** The file's name in a run folder. */
    public static final String FILE_NAME = "run.properties";
    /** The largest run.properties (or model.properties) {@link #read} reads. */
    public static final long MAX_BYTES = 1 << 20;

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Instant start;

    private RunProperties(Instant start) {
        this.start = start;
        values.put("start_time", start.toString());
    }

    /** A run that started at {@code start}. */
    public static RunProperties started(Instant start) {
        if (start == null) {
            throw new IllegalArgumentException("the start time is null");
        }
        return new RunProperties(start);
    }

    /** Records the arguments the run was started with (as one line). */
    public RunProperties command(String line) {
        return put("command", line);
    }

    /** Records a setting, e.g. {@code setting("steps", "1000")} as {@code setting.steps}. */
    public RunProperties setting(String name, String value) {
        return put("setting." + name, value);
    }

    /** Records a measured number, e.g. {@code result("validation_accuracy", 0.91)} as {@code result.validation_accuracy}. */
    public RunProperties result(String name, double value) {
        return put("result." + name, Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : Double.toString(value));
    }

    /** Records any key. */
    public RunProperties put(String key, String value) {
        if (key == null || key.isBlank() || value == null) {
            throw new IllegalArgumentException("a run property needs a key and a value, got " + key + "=" + value);
        }
        values.put(key, value);
        return this;
    }

    /** Writes the file atomically, with the duration up to {@code end} and the versions. */
    public void write(Path file, Instant end) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("duration_seconds", String.format(Locale.ROOT, "%.1f", Duration.between(start, end).toMillis() / 1000.0));
        all.put("dann4j_version", ModelDescription.currentDann4jVersion());
        all.put("libtorch_version", GradientReversal.bytedecoPytorchVersion());
        all.put("java_version", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        StringBuilder text = new StringBuilder("# written by dann4j; read by dann4j report\n");
        for (Map.Entry<String, String> e : all.entrySet()) {
            text.append(line(e.getKey(), e.getValue()));
        }
        AtomicFiles.writeString(file, text);
    }

    /** One {@code key=value} line in properties syntax (escapes as {@link Properties#store} does). */
    private static String line(String key, String value) {
        Properties one = new Properties();
        one.setProperty(key, value);
        StringWriter out = new StringWriter();
        try {
            one.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = out.toString().split("\n");
        return lines[lines.length - 1].replace("\r", "") + "\n"; // after the date comment
    }

    /**
     * A properties file (run.properties, model.properties) as a map sorted by key.
     *
     * @throws IllegalArgumentException for a file over {@link #MAX_BYTES} or that cannot be read
     */
    public static Map<String, String> read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException(file + " is " + size + " bytes; a properties file of a run is at most "
                        + MAX_BYTES);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException(file + " grew over " + MAX_BYTES + " bytes while being read");
            }
            Properties p = new Properties();
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            Map<String, String> sorted = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> sorted.put(k, p.getProperty(k)));
            return sorted;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + Messages.of(e), e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IllegalArgumentException(file + " is not a properties file: " + e.getMessage(), e); // a bad \\u escape
        }
    }
}
