package io.github.dann4j.data;

import io.github.dann4j.internal.Messages;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;

/** Byte-level helpers shared by the binary readers: gzip detection and reading into tensor memory. */
final class Streams {
    private static final int BUFFER = 1 << 16;
    /** Largest piece handed to one ByteBuffer (their capacity is an int). */
    private static final long CHUNK = 1L << 30;

    private Streams() {}

    /** True when the first two bytes are gzip's magic 0x1f 0x8b (the file name is not trusted). */
    static boolean isGzip(Path file) {
        byte[] head = head(file, 2);
        return head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    /** Up to {@code n} leading bytes of the file, as stored (not decompressed). */
    static byte[] head(Path file, int n) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + Messages.of(e), e);
        }
    }

    /** Opens the file for buffered reading, decompressing it when it is gzip. */
    static InputStream open(Path file) throws IOException {
        boolean gzip = isGzip(file);
        InputStream raw = Files.newInputStream(file);
        try {
            return gzip ? new GZIPInputStream(raw, BUFFER) : new BufferedInputStream(raw, BUFFER);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Reads bytes into the whole of a contiguous CPU tensor's memory, straight from the stream (no
     * Java array of the full size). Returns how many bytes were read: less than the tensor's size
     * only when the stream ended early.
     */
    static long readInto(InputStream in, Tensor tensor) throws IOException {
        long total = tensor.numel() * tensor.element_size();
        ReadableByteChannel channel = Channels.newChannel(in);
        BytePointer base = new BytePointer(tensor.data_ptr());
        long done = 0;
        while (done < total) {
            long length = Math.min(CHUNK, total - done);
            BytePointer piece = base.getPointer(done);
            ByteBuffer buffer = piece.position(0).limit(length).capacity(length).asByteBuffer();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    return done + buffer.position();
                }
            }
            done += length;
        }
        return done;
    }

    /** Counts (and consumes) whatever is left in the stream. */
    static long remaining(InputStream in) throws IOException {
        return in.transferTo(OutputStream.nullOutputStream());
    }

    /**
     * Counts (and consumes) what is left in the stream, but stops once more than {@code cap} bytes
     * were seen (then returns a count above {@code cap}): a decompression bomb is not inflated to
     * the end just to count it.
     */
    static long remaining(InputStream in, long cap) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long count = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            count += n;
            if (count > cap) {
                return count;
            }
        }
        return count;
    }
}
