"""Compares an exported ONNX file, run by onnxruntime on an image folder's files, with `dann4j predict`.

Usage: python reference/compare_onnx_predict.py IMAGE_FOLDER MODEL.onnx PREDICTIONS.csv

IMAGE_FOLDER is laid out as MNIST-M (IMAGE_FOLDER/NAME.png listed in IMAGE_FOLDER_labels.txt);
MODEL.onnx was written by `dann4j export --with-domain-output` (the preprocessing in the graph, so
it takes the files' uint8 RGB pixels); PREDICTIONS.csv by `dann4j predict --with-domain` on the
same folder. Prints how many classes agree and the largest differences of the probabilities
(dann4j's CSV rounds them to 6 significant digits). Decodes with Pillow, not with dann4j.
"""

import sys

import numpy as np
import onnxruntime
from PIL import Image


def main(root, model, csv):
    names = [line.split()[0] for line in open(root + "_labels.txt") if line.strip()]
    pixels = np.stack([np.asarray(Image.open(f"{root}/{n}").convert("RGB")).transpose(2, 0, 1) for n in names])
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    probabilities, target = session.run(["probabilities", "target_probability"], {"input": pixels.astype(np.uint8)})
    rows = np.loadtxt(csv, delimiter=",", skiprows=1, ndmin=2)
    classes = rows[:, 1].astype(int)
    k = probabilities.shape[1]
    same = int((probabilities.argmax(1) == classes).sum())
    print(f"{len(names)} images {pixels.shape}: classes identical {same}/{len(classes)}, max |probability difference| "
          f"{np.abs(probabilities - rows[:, 2:2 + k]).max():.2e}, max |target_probability difference| "
          f"{np.abs(target[:, 0] - rows[:, 2 + k]).max():.2e} (dann4j's CSV has 6 significant digits)")
    return 0 if same == len(classes) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
