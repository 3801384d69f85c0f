package io.github.dann4j.plot;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.github.dann4j.internal.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes XChart charts to files: PNG or SVG, chosen by the file's extension ({@code .png},
 * {@code .svg}); several charts as one figure in a grid. Every write is atomic (a temporary file
 * beside the target, then a rename), so a failed write leaves no half-written figure.
 */
public final class ChartFiles {
    /** The formats a figure can be written in. */
    public enum Format {
        PNG, SVG;

        /** The format {@code file}'s extension names. */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return PNG;
            }
            if (name.endsWith(".svg")) {
                return SVG;
            }
            throw new IllegalArgumentException("a figure is written as .png or .svg, got " + file);
        }
    }

    private ChartFiles() {}

    /** One chart to {@code file} ({@code .png} or {@code .svg}). */
    public static void save(Chart<?, ?> chart, Path file) {
        save(List.of(chart), 1, 1, file);
    }

    /**
     * Charts laid out in a grid of {@code rows × columns} (row by row; all the first chart's size)
     * as one figure in {@code file} ({@code .png} or {@code .svg}).
     */
    public static void save(List<? extends Chart<?, ?>> charts, int rows, int columns, Path file) {
        if (charts == null || charts.isEmpty() || rows < 1 || columns < 1 || charts.size() > rows * columns) {
            throw new IllegalArgumentException("need 1 to rows x columns charts, got "
                    + (charts == null ? "none" : charts.size()) + " for " + rows + "x" + columns);
        }
        Format format = Format.of(file);
        int width = charts.get(0).getWidth();
        int height = charts.get(0).getHeight();
        AtomicFiles.write(file, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                if (format == Format.PNG) {
                    BufferedImage image = new BufferedImage(width * columns, height * rows, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = image.createGraphics();
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    g.setColor(Color.WHITE);
                    g.fillRect(0, 0, image.getWidth(), image.getHeight());
                    paint(charts, columns, width, height, g);
                    g.dispose();
                    if (!ImageIO.write(image, "png", out)) {
                        throw new IOException("no PNG writer");
                    }
                } else {
                    VectorGraphics2D g = new VectorGraphics2D();
                    paint(charts, columns, width, height, g);
                    Document document = new SVGProcessor().getDocument(g.getCommands(),
                            new PageSize(0, 0, width * columns, height * rows));
                    document.writeTo(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static void paint(List<? extends Chart<?, ?>> charts, int columns, int width, int height, Graphics2D g) {
        for (int i = 0; i < charts.size(); i++) {
            Graphics2D cell = (Graphics2D) g.create((i % columns) * width, (i / columns) * height, width, height);
            charts.get(i).paint(cell, width, height);
            cell.dispose();
        }
    }
}
