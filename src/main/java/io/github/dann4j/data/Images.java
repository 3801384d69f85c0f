package io.github.dann4j.data;

import io.github.dann4j.internal.Scopes;
import io.github.dann4j.runtime.Limits;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Images as uint8 tensors {@code [N, C, H, W]}, as the image folder reader makes them: grey images
 * have one channel, every other one three (RGB, alpha dropped). All images of one call must have
 * one size and channel count. The tensor belongs to the caller (attached to the caller's
 * innermost {@code PointerScope}, if any).
 */
public final class Images {
    private Images() {}

    /**
     * PNG or JPEG files, decoded in parallel; each image's size is checked against
     * {@link Limits#memoryBytes()} from its header before it is decoded.
     *
     * @throws IllegalArgumentException for no files, an unreadable file, or images of different sizes
     */
    public static Tensor read(List<Path> files) {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("no image files given");
        }
        return Scopes.returning(() -> ImageFolderReader.readImages(List.copyOf(files), files.size() + " image files"));
    }

    /** Images in memory. */
    public static Tensor of(List<BufferedImage> images) {
        if (images == null || images.isEmpty()) {
            throw new IllegalArgumentException("no images given");
        }
        ImageDecoder.Decoded first = pixels(images.get(0), 0);
        long perImage = first.chw().length;
        long n = images.size();
        Limits.requireMemory(Limits.times(perImage, n), n + " images of " + first.describe());
        return Scopes.returning(() -> {
            Tensor out = torch.empty(new long[] {n, first.channels(), first.height(), first.width()},
                    new TensorOptions(ScalarType.Byte), new MemoryFormatOptional());
            BytePointer memory = new BytePointer(out.data_ptr()).capacity(perImage * n);
            memory.position(0).put(first.chw());
            for (int i = 1; i < n; i++) {
                ImageDecoder.Decoded d = pixels(images.get(i), i);
                if (d.channels() != first.channels() || d.height() != first.height() || d.width() != first.width()) {
                    throw new IllegalArgumentException("image " + i + " is " + d.describe() + " but image 0 is "
                            + first.describe() + "; all images of one call must have one size and channel count");
                }
                memory.position(i * perImage).put(d.chw());
            }
            return out;
        });
    }

    private static ImageDecoder.Decoded pixels(BufferedImage image, int index) {
        if (image == null) {
            throw new IllegalArgumentException("image " + index + " is null");
        }
        Limits.requireHeap(Limits.times(Limits.times(image.getWidth(), image.getHeight()), 12), "image " + index);
        return ImageDecoder.pixels(image);
    }
}
