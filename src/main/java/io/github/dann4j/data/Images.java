package io.github.dann4j.data;

import io.github.dann4j.internal.Scopes;
import io.github.dann4j.runtime.Limits;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

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
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) {
                throw new IllegalArgumentException("image " + i + " is null");
            }
        }
        List<BufferedImage> list = List.copyOf(images);
        return Scopes.returning(() -> ImageFolderReader.stack(list.size(), i -> pixels(list.get(i), i), i -> "image " + i,
                "image 0", list.size() + " images"));
    }

    private static ImageDecoder.Decoded pixels(BufferedImage image, int index) {
        // The conversion holds up to an int and 3 bytes a pixel beside the image (see ImageDecoder).
        Limits.requireHeap(Limits.times(Limits.times(image.getWidth(), image.getHeight()), 12), "image " + index);
        return ImageDecoder.pixels(image);
    }
}
