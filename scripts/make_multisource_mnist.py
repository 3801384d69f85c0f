#!/usr/bin/env python3
"""Writes the two MNIST source domains of scripts/multisource_mnist_m.sh as IDX files (never committed).

  python3 scripts/make_multisource_mnist.py MNIST_DIR OUT_DIR

From MNIST's training set (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz in MNIST_DIR):
  OUT_DIR/mnist_first/train-{images-idx3,labels-idx1}-ubyte     images 0..29,999 as they are
  OUT_DIR/mnist_inverted/train-{images-idx3,labels-idx1}-ubyte  images 30,000..59,999 with every
                                                                pixel x replaced by 255 - x
  OUT_DIR/mnist_mixed/train-{images-idx3,labels-idx1}-ubyte     the control: both halves above in
                                                                one set of 60,000, in MNIST's order
Labels are copied unchanged. The two sources together hold each MNIST training image once, so the
two-source runs see the same 60,000 images as the one-source run, half of them inverted; the mixed
set holds exactly the two sources' images as one domain. Each file is written to a temporary name
and renamed, so a run reading an older copy is never handed a partial file.
Only the standard library is used.
"""

import gzip
import os
import struct
import sys

HALF = 30000


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    (found,) = struct.unpack(">I", data[:4])
    if found != magic:
        sys.exit(f"{path}: magic {found:#x}, expected {magic:#x}")
    dims = data[3] & 0xFF  # the magic's last byte is the number of dimensions
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def write_idx(path, magic, shape, body):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(struct.pack(">I", magic) + struct.pack(">" + "I" * len(shape), *shape) + body)
    os.replace(temporary, path)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    mnist, out = sys.argv[1], sys.argv[2]
    (n, rows, cols), images = read_idx(os.path.join(mnist, "train-images-idx3-ubyte.gz"), 0x803)
    (m,), labels = read_idx(os.path.join(mnist, "train-labels-idx1-ubyte.gz"), 0x801)
    if n != 2 * HALF or m != n:
        sys.exit(f"expected 60,000 MNIST training images and labels, got {n} and {m}")
    size = rows * cols
    invert = bytes(255 - x for x in range(256))
    first = images[:HALF * size]
    inverted = images[HALF * size:].translate(invert)
    parts = {
        "mnist_first": (first, labels[:HALF]),
        "mnist_inverted": (inverted, labels[HALF:]),
        "mnist_mixed": (first + inverted, labels),
    }
    for name, (x, y) in parts.items():
        count = len(y)
        write_idx(os.path.join(out, name, "train-images-idx3-ubyte"), 0x803, (count, rows, cols), x)
        write_idx(os.path.join(out, name, "train-labels-idx1-ubyte"), 0x801, (count,), y)
        print(f"wrote {os.path.join(out, name)}: {count} images {rows}x{cols}")


if __name__ == "__main__":
    main()
