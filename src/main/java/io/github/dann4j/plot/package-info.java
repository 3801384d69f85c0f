/**
 * Figures: training curves ({@link io.github.dann4j.plot.TrainingCurves}), the two-moons decision
 * boundaries ({@link io.github.dann4j.plot.DecisionBoundaries}) and confusion-matrix heat maps
 * ({@link io.github.dann4j.plot.ConfusionHeatMap}), written as PNG or SVG by
 * {@link io.github.dann4j.plot.ChartFiles}; the smoothing and decimation they use are public
 * ({@link io.github.dann4j.plot.Smoothing}, {@link io.github.dann4j.plot.Decimation}); and the
 * feature-space figure ({@link io.github.dann4j.plot.FeatureSpace}): two domains' features
 * projected to 2-D by {@link io.github.dann4j.plot.Pca} (libtorch's {@code linalg_eigh} in float64),
 * the way Ganin et al. show what DANN does to the features (their figures use t-SNE). There is no
 * t-SNE here: the Java implementations found (T-SNE-Java, published on JitPack and SciJava's
 * repository rather than Maven Central; its fork {@code de.javagl:bh-tsne}, one 0.0.1 release)
 * are not a maintained dependency, and Smile's is GPL. PCA is also deterministic and linear, so
 * the distances in the figure mean what they seem to.
 *
 * <p>The charts are drawn with XChart (org.knowm.xchart, Apache License 2.0): one jar of about
 * 360 KB that draws through plain Java2D, so it renders headless into a {@code BufferedImage}
 * (PNG through ImageIO) with no AWT window, and into VectorGraphics2D's {@code Graphics2D} for
 * SVG. VectorGraphics2D (0.13, about 90 KB) is XChart's dependency and is licensed under the
 * LGPL; it is used unmodified as a separate jar, and only for SVG. JFreeChart, the other
 * maintained choice, is itself LGPL, a jar several times XChart's size, and writes SVG only
 * through a further library (JFreeSVG, GPL v3). XChart is an optional dependency of dann4j: an application
 * that draws figures declares {@code org.knowm.xchart:xchart} itself.
 *
 * <p>Everything here runs with {@code java.awt.headless=true}. Every file is written atomically.
 */
package io.github.dann4j.plot;
