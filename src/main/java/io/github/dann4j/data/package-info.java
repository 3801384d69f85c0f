/**
 * Data loaders: read data sets from disk into tensors for {@link io.github.dann4j.train.TensorDataset}.
 *
 * <p>Readers, one per format: {@link io.github.dann4j.data.IdxReader} (MNIST IDX, gzip or raw),
 * {@link io.github.dann4j.data.ImageFolderReader} (PNG/JPEG folder + labels file, MNIST-M),
 * {@link io.github.dann4j.data.CsvReader} (fields split by FastCSV, RFC 4180 quoting, bounded
 * buffers), {@link io.github.dann4j.data.NpyReader} (.npy/.npz).
 * {@link io.github.dann4j.data.DataLoaders#load} picks the reader from the path. Each returns a
 * {@link io.github.dann4j.data.LoadedData} (features {@code [N, ...]}, int64 labels {@code [N]} or
 * none), which {@link io.github.dann4j.data.Preprocessing} and
 * {@link io.github.dann4j.data.Normalization} bring to the network's input shape and scale.
 *
 * <p>Every error about the data is an {@link java.lang.IllegalArgumentException} whose message
 * names the file and, for text formats, the line; I/O failures are
 * {@link java.io.UncheckedIOException}.
 */
package io.github.dann4j.data;
