#!/usr/bin/env python3
"""Rotated MNIST and MNIST-M for dann4j's regression evidence: predict a digit image's rotation angle.

Each image is rotated about its centre by its own angle drawn uniformly from [-45, 45] degrees
(numpy's PCG64 generator, one seed per set, below), with bilinear interpolation and the pixels
that fall outside the image taken from the nearest edge pixel (MNIST's border is black, so there
this is the same as a black fill). The regression target is the angle divided by 45 (in [-1, 1]);
MAE in degrees is 45 times the MAE of the target. Images are written as uint8 .npy arrays
[N, C, H, W] at their original size (MNIST 1x28x28, MNIST-M 3x32x32: dann4j's --grey-to-rgb,
--crop 28x28 and --normalize then apply the paper's protocol to them as to the originals), the
targets as float32 [N, 1] beside them:

  OUT/mnist_train_rot.npy          60,000 MNIST training images (seed 1)  + mnist_train_rot_targets.npy
  OUT/mnist_m_train_rot.npy        59,001 MNIST-M training images (seed 2) + mnist_m_train_rot_targets.npy
  OUT/mnist_m_test_rot.npy          9,001 MNIST-M test images (seed 3)     + mnist_m_test_rot_targets.npy

Uses numpy and the standard library only (MNIST-M's PNG files are decoded here: 8-bit RGB or grey,
not interlaced).

  python scripts/make_rotation_data.py DATA_DIR OUT_DIR
"""

import gzip
import os
import struct
import sys
import zlib

import numpy as np

MAX_DEGREES = 45.0


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise ValueError(f"{path}: not an IDX image file (magic {magic})")
        return np.frombuffer(f.read(n * rows * cols), dtype=np.uint8).reshape(n, 1, rows, cols)


def png_pixels(data, where):
    """One PNG's pixels [C, H, W] uint8: 8-bit grey (type 0), RGB (2) or RGBA (6, alpha dropped), not interlaced."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{where}: not a PNG file")
    i, idat, header = 8, [], None
    while i < len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        body = data[i + 8:i + 8 + n]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        i += 12 + n
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"{where}: PNG depth {depth}, colour type {colour}, interlace {interlace} is not supported")
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8).reshape(height, 1 + width * channels)
    return raw, width, height, channels


def unfilter(raw, width, channels):
    """PNG's row filters undone for a stack of images of one size: raw [N, H, 1 + W*C] -> [N, H, W*C] uint8.

    Vectorised over the images; Average and Paeth go pixel by pixel along a row (their left neighbour
    is a reconstructed value), Sub by a cumulative sum modulo 256."""
    n, height, _ = raw.shape
    filters = raw[:, :, 0]
    data = raw[:, :, 1:].astype(np.int32)
    out = np.zeros_like(data)
    bpp = channels
    for r in range(height):
        prior = out[:, r - 1] if r > 0 else np.zeros_like(out[:, 0])
        row = data[:, r]
        result = np.empty_like(row)
        for f in range(5):
            sel = filters[:, r] == f
            if not sel.any():
                continue
            x, up = row[sel], prior[sel]
            if f == 0:
                rec = x
            elif f == 1:
                rec = np.cumsum(x.reshape(len(x), width, bpp), axis=1).reshape(len(x), -1) % 256
            elif f == 2:
                rec = (x + up) % 256
            else:
                rec = np.zeros_like(x)
                for p in range(width):
                    cols = slice(p * bpp, (p + 1) * bpp)
                    left = rec[:, (p - 1) * bpp:p * bpp] if p > 0 else np.zeros_like(x[:, cols])
                    above = up[:, cols]
                    if f == 3:
                        pred = (left + above) // 2
                    else:
                        corner = up[:, (p - 1) * bpp:p * bpp] if p > 0 else np.zeros_like(above)
                        base = left + above - corner
                        pa, pb, pc = np.abs(base - left), np.abs(base - above), np.abs(base - corner)
                        pred = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, above, corner))
                    rec[:, cols] = (x[:, cols] + pred) % 256
            result[sel] = rec
        out[:, r] = result
    return out.astype(np.uint8)


def read_image_folder(folder):
    """Every PNG in the folder, sorted by name, as uint8 [N, C, H, W] (RGB; grey repeated to 3 channels)."""
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(".png"))
    raws, shape = [], None
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            raw, width, height, channels = png_pixels(f.read(), os.path.join(folder, name))
        if shape is None:
            shape = (width, height, channels)
        elif shape != (width, height, channels):
            raise ValueError(f"{folder}/{name}: {shape} expected, got {(width, height, channels)}")
        raws.append(raw)
    width, height, channels = shape
    pixels = unfilter(np.stack(raws), width, channels).reshape(len(names), height, width, channels)
    pixels = pixels[..., :3] if channels == 4 else np.repeat(pixels, 3, axis=3) if channels == 1 else pixels
    return np.ascontiguousarray(pixels.transpose(0, 3, 1, 2))


def rotate(images, degrees, chunk=2048):
    """images [N, C, H, W] uint8 rotated counter-clockwise by degrees [N] about the centre ((W-1)/2, (H-1)/2):
    output pixel (x, y) samples the input at R(-angle) (x - c) + c, bilinearly, coordinates clamped to the
    image (the nearest edge pixel outside it); rounded to the nearest uint8."""
    n, c, h, w = images.shape
    ys, xs = np.meshgrid(np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64), indexing="ij")
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    out = np.empty_like(images)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        a = np.radians(degrees[start:stop])[:, None, None]
        cos, sin = np.cos(a), np.sin(a)
        # Image rows grow downwards: a counter-clockwise turn on screen maps (dx, dy) by [[cos, sin], [-sin, cos]],
        # so the source of an output pixel is the inverse turn.
        dx, dy = xs - cx, ys - cy
        sx = np.clip(cos * dx - sin * dy + cx, 0, w - 1)
        sy = np.clip(sin * dx + cos * dy + cy, 0, h - 1)
        x0 = np.floor(sx).astype(np.int64)
        y0 = np.floor(sy).astype(np.int64)
        x1, y1 = np.minimum(x0 + 1, w - 1), np.minimum(y0 + 1, h - 1)
        fx, fy = (sx - x0)[:, None], (sy - y0)[:, None]
        block = images[start:stop].astype(np.float64)
        idx = np.arange(stop - start)[:, None, None]

        def at(yy, xx):
            return block[idx, :, yy, xx].transpose(0, 3, 1, 2)

        value = (at(y0, x0) * (1 - fx) * (1 - fy) + at(y0, x1) * fx * (1 - fy)
                 + at(y1, x0) * (1 - fx) * fy + at(y1, x1) * fx * fy)
        out[start:stop] = np.clip(np.rint(value), 0, 255).astype(np.uint8)
    return out


def write(out_dir, name, images, seed):
    degrees = np.random.Generator(np.random.PCG64(seed)).uniform(-MAX_DEGREES, MAX_DEGREES, size=len(images))
    np.save(os.path.join(out_dir, name + ".npy"), rotate(images, degrees))
    np.save(os.path.join(out_dir, name + "_targets.npy"), (degrees / MAX_DEGREES).astype(np.float32).reshape(-1, 1))
    print(f"{name}: {images.shape} uint8, angles in degrees mean {degrees.mean():.3f} sd {degrees.std():.3f}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    write(out, "mnist_train_rot", read_idx_images(os.path.join(data, "mnist", "train-images-idx3-ubyte.gz")), 1)
    write(out, "mnist_m_train_rot", read_image_folder(os.path.join(data, "mnist_m", "mnist_m_train")), 2)
    write(out, "mnist_m_test_rot", read_image_folder(os.path.join(data, "mnist_m", "mnist_m_test")), 3)


if __name__ == "__main__":
    main()
