package io.github.dann4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The feature-space figure: a model's features of two domains projected to 2-D by a {@link Pca}
 * fitted to both domains pooled, one scatter panel per model side by side (e.g. "source only" |
 * "DANN", each panel fitted to its own features), the axes labelled with the share of variance
 * each component explains ("PC1 (34.1 %)"). This is the PCA counterpart of the t-SNE figures Ganin
 * et al. (JMLR 2016) use to show that DANN's features mix the domains.
 *
 * <p>Colours: without labels, each domain has its colour ({@link #domainColour}) and the legend
 * names the domains. With labels for both domains, the colour is the class ({@link #classColour})
 * and the marker shape the domain: circles for the first domain, diamonds for the second; the
 * legend names domain and class.
 *
 * <p>At most {@link Options#maxPoints()} points of each domain are drawn (a subsample chosen by
 * {@link #sample} with {@link Options#seed()}: the same inputs give the same figure), and the PCA
 * is fitted to those, so MNIST-size inputs draw in a moment.
 */
public final class FeatureSpace {
    private static final Color[] DOMAINS = {new Color(31, 119, 180), new Color(255, 127, 14)};
    private static final Color[] CLASSES = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
    private static final Marker[] SHAPES = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND};

    private FeatureSpace() {}

    /**
     * One model's features of both domains, {@code [Na][D]} and {@code [Nb][D]}, and optionally
     * their class labels (one per row, both given or neither).
     */
    public record Panel(String title, double[][] domainA, double[][] domainB, int[] labelsA, int[] labelsB) {
        /** A panel without labels (coloured by domain). */
        public Panel(String title, double[][] domainA, double[][] domainB) {
            this(title, domainA, domainB, null, null);
        }

        /** Checks sizes: rows given for both domains, labels one per row. */
        public Panel {
            if (title == null || domainA == null || domainB == null) {
                throw new IllegalArgumentException("a feature-space panel needs a title and both domains' features");
            }
            if ((labelsA == null) != (labelsB == null)) {
                throw new IllegalArgumentException("panel '" + title + "': give labels for both domains or for neither");
            }
            if (labelsA != null && (labelsA.length != domainA.length || labelsB.length != domainB.length)) {
                throw new IllegalArgumentException("panel '" + title + "': " + labelsA.length + " and " + labelsB.length
                        + " labels for " + domainA.length + " and " + domainB.length + " rows");
            }
        }

        /** This panel with class labels for both domains. */
        public Panel withLabels(int[] a, int[] b) {
            return new Panel(title, domainA, domainB, a, b);
        }

        boolean labelled() {
            return labelsA != null;
        }
    }

    /**
     * How the figure is drawn: the two domains' names (legend), at most {@code maxPoints} points per
     * domain, the subsample's seed, and each panel's size in pixels.
     */
    public record Options(String nameA, String nameB, int maxPoints, long seed, int width, int height) {
        /** "domain A", "domain B", 2,000 points per domain, seed 0, panels of 640 × 560. */
        public static final Options DEFAULTS = new Options("domain A", "domain B", 2000, 0, 640, 560);

        /** Checks the values. */
        public Options {
            if (nameA == null || nameB == null || nameA.isBlank() || nameB.isBlank()) {
                throw new IllegalArgumentException("the domains need names");
            }
            if (maxPoints < 2 || width < 100 || height < 100) {
                throw new IllegalArgumentException("need at least 2 points per domain and panels of 100 x 100 pixels, got "
                        + maxPoints + " and " + width + " x " + height);
            }
        }

        /** These options with the domains named {@code a} and {@code b}. */
        public Options withNames(String a, String b) {
            return new Options(a, b, maxPoints, seed, width, height);
        }

        /** These options with at most {@code points} points per domain. */
        public Options withMaxPoints(int points) {
            return new Options(nameA, nameB, points, seed, width, height);
        }
    }

    /** The colour of domain 0 or 1 (without labels). */
    public static Color domainColour(int domain) {
        return DOMAINS[domain];
    }

    /** The colour of class {@code c} (with labels; ten colours, repeated for more classes). */
    public static Color classColour(int c) {
        return CLASSES[Math.floorMod(c, CLASSES.length)];
    }

    /**
     * At most {@code max} of the indices {@code 0 .. n − 1}, increasing, chosen uniformly by a
     * {@link Random} seeded with {@code seed}; all of them when {@code n <= max}.
     */
    public static int[] sample(int n, int max, long seed) {
        if (n < 0 || max < 1) {
            throw new IllegalArgumentException("sample " + max + " of " + n + " indices");
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (n <= max) {
            return all;
        }
        Random random = new Random(seed);
        for (int i = 0; i < max; i++) { // a partial Fisher-Yates shuffle: the first max are the sample
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, max);
        Arrays.sort(chosen);
        return chosen;
    }

    /** The figure in {@code file} ({@code .png} or {@code .svg}), the panels side by side. */
    public static void save(List<Panel> panels, Options options, Path file) {
        ChartFiles.Format.of(file); // a bad extension before any work
        List<XYChart> charts = charts(panels, options);
        ChartFiles.save(charts, 1, charts.size(), file);
    }

    /** One chart per panel (for an application to lay out itself). */
    public static List<XYChart> charts(List<Panel> panels, Options options) {
        if (panels == null || panels.isEmpty() || options == null) {
            throw new IllegalArgumentException("the feature-space figure needs at least one panel, and options");
        }
        List<XYChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            charts.add(chart(panel, options));
        }
        return charts;
    }

    private static XYChart chart(Panel panel, Options options) {
        int[] pickA = sample(panel.domainA().length, options.maxPoints(), options.seed());
        int[] pickB = sample(panel.domainB().length, options.maxPoints(), options.seed() + 1);
        double[][] a = rows(panel.domainA(), pickA);
        double[][] b = rows(panel.domainB(), pickB);
        Pca pca;
        try {
            pca = Pca.fit(2, a, b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feature-space panel '" + panel.title() + "': " + e.getMessage(), e);
        }
        double[] ratio = pca.explainedVarianceRatio();
        XYChart chart = new XYChartBuilder().width(options.width()).height(options.height()).title(panel.title())
                .xAxisTitle(String.format(Locale.ROOT, "PC1 (%.1f %%)", 100 * ratio[0]))
                .yAxisTitle(String.format(Locale.ROOT, "PC2 (%.1f %%)", 100 * ratio[1])).build();
        org.knowm.xchart.style.XYStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        styler.setMarkerSize(6);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setPlotBorderVisible(false);
        double[][][] projected = {pca.project(a), pca.project(b)};
        String[] names = {options.nameA(), options.nameB()};
        if (!panel.labelled()) {
            for (int d = 0; d < 2; d++) {
                add(chart, names[d], projected[d], null, 0, DOMAINS[d], SHAPES[d]);
            }
            return chart;
        }
        int[][] labels = {pick(panel.labelsA(), pickA), pick(panel.labelsB(), pickB)};
        for (int d = 0; d < 2; d++) {
            TreeSet<Integer> classes = new TreeSet<>();
            Arrays.stream(labels[d]).forEach(classes::add);
            for (int c : classes) {
                add(chart, names[d] + ", class " + c, projected[d], labels[d], c, classColour(c), SHAPES[d]);
            }
        }
        if (legendRowWidth(chart) > 0.8 * options.width()) { // a column beside the plot: a row beneath it would run off it
            styler.setLegendPosition(Styler.LegendPosition.OutsideE);
            styler.setLegendLayout(Styler.LegendLayout.Vertical);
        }
        return chart;
    }

    /** Close to (below) how wide the legend is as one row: its names in the legend's font, a marker and padding each. */
    private static int legendRowWidth(XYChart chart) {
        java.awt.image.BufferedImage scratch = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        try {
            java.awt.FontMetrics metrics = g.getFontMetrics(chart.getStyler().getLegendFont());
            int width = 2 * chart.getStyler().getLegendPadding();
            for (String name : chart.getSeriesMap().keySet()) {
                width += metrics.stringWidth(name) + 3 * chart.getStyler().getLegendPadding() + chart.getStyler().getMarkerSize();
            }
            return width;
        } finally {
            g.dispose();
        }
    }

    /** The points of {@code xy} whose label is {@code c} (all of them when labels is null) as one series. */
    private static void add(XYChart chart, String name, double[][] xy, int[] labels, int c, Color colour, Marker shape) {
        int count = 0;
        for (int i = 0; i < xy.length; i++) {
            count += labels == null || labels[i] == c ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        double[] x = new double[count];
        double[] y = new double[count];
        int at = 0;
        for (int i = 0; i < xy.length; i++) {
            if (labels == null || labels[i] == c) {
                x[at] = xy[i][0];
                y[at++] = xy[i][1];
            }
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(shape).setMarkerColor(colour);
    }

    private static double[][] rows(double[][] all, int[] picked) {
        double[][] out = new double[picked.length][];
        for (int i = 0; i < picked.length; i++) {
            out[i] = all[picked[i]];
        }
        return out;
    }

    private static int[] pick(int[] all, int[] picked) {
        int[] out = new int[picked.length];
        for (int i = 0; i < picked.length; i++) {
            out[i] = all[picked[i]];
        }
        return out;
    }
}
