"""Checks dann4j's exported ONNX files with the ONNX checker and runs them in onnxruntime.

Usage: python reference/check_onnx.py DIR

For every ``*.onnx`` in DIR (sorted by name):

1. ``onnx.checker.check_model(model, full_check=True)``: the file is valid ONNX, and shape
   inference agrees with the declared shapes. Prints the opset, IR version, producer, the input's
   name, element type and shape, and every output's.
2. When ``NAME.inputs.npy`` and ``NAME.expected.npz`` lie beside ``NAME.onnx``: runs the model with
   ``onnxruntime.InferenceSession(..., providers=["CPUExecutionProvider"])`` on the inputs and
   compares every array of the npz whose key is an output name (``logits``, ``probabilities``,
   ``target_probability``) with the output of that name: the max absolute difference must be at
   most 1e-5 for a float32 model, 1e-12 for a float64 one. A ``classes`` array (int64) must equal
   the argmax of the ``probabilities`` output; without one, the argmax of the expected
   probabilities must. Prints one line per file with the max differences.
   Without either file, the model is only checked: the script says so, and why (a float64 Conv,
   which onnxruntime's CPU provider has no kernel for, or simply no inputs given).

The expected values are dann4j's own inference on the same inputs, written by the JUnit test
``OnnxPythonCheckTest``. Exits non-zero, with one line saying what failed, on any failure.
"""

import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime

TOLERANCE = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-12}
OUTPUTS = ("logits", "probabilities", "target_probability")


class CheckFailure(Exception):
    """A file that fails a check; the message is the one line the script ends with."""


def describe(value_info):
    """'name type [dims]' of a graph input or output."""
    tensor = value_info.type.tensor_type
    dims = [d.dim_param if d.HasField("dim_param") else str(d.dim_value) for d in tensor.shape.dim]
    return f"{value_info.name} {onnx.helper.tensor_dtype_to_np_dtype(tensor.elem_type)} [{', '.join(dims)}]"


def float64_conv(model):
    """True if the graph has a Conv computed in float64 (no CPU kernel in onnxruntime)."""
    float_type = model.graph.output[0].type.tensor_type.elem_type
    return float_type == onnx.TensorProto.DOUBLE and any(n.op_type == "Conv" for n in model.graph.node)


def check(path):
    """Checks and, where inputs are given, runs one file; returns the line to print."""
    name = path.name[: -len(".onnx")]
    model = onnx.load(str(path))
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # the checker raises ValidationError or InferenceError
        raise CheckFailure(f"{path.name}: the ONNX checker refuses it: {str(e).splitlines()[0]}") from e
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    print(f"{path.name}: valid (full_check), opset {opsets}, IR {model.ir_version}, "
          f"producer {model.producer_name} {model.producer_version}; "
          f"input {'; '.join(describe(i) for i in model.graph.input)}; "
          f"outputs {'; '.join(describe(o) for o in model.graph.output)}")

    inputs_file = path.with_name(name + ".inputs.npy")
    expected_file = path.with_name(name + ".expected.npz")
    if not inputs_file.exists() and not expected_file.exists():
        why = ("a float64 Conv, which onnxruntime's CPU provider has no kernel for"
               if float64_conv(model) else f"no {inputs_file.name} and {expected_file.name}")
        return f"checked only: {path.name} (not run: {why})"
    if not inputs_file.exists() or not expected_file.exists():
        missing = inputs_file if not inputs_file.exists() else expected_file
        raise CheckFailure(f"{path.name}: {missing.name} is missing (both or neither of the inputs and expected files)")

    x = np.load(inputs_file)
    expected = dict(np.load(expected_file))
    try:
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        input_name = session.get_inputs()[0].name
        output_names = [o.name for o in session.get_outputs()]
        actual = dict(zip(output_names, session.run(None, {input_name: x})))
    except Exception as e:  # onnxruntime's errors (Fail, NotImplemented, InvalidArgument, ...)
        raise CheckFailure(f"{path.name}: onnxruntime cannot run it on {x.dtype} {list(x.shape)}: "
                           f"{str(e).splitlines()[0]}") from e

    float_dtype = actual[output_names[0]].dtype
    if float_dtype not in TOLERANCE:
        raise CheckFailure(f"{path.name}: output {output_names[0]} is {float_dtype}, not float32 or float64")
    tolerance = TOLERANCE[float_dtype]
    unknown = sorted(set(expected) - set(output_names) - {"classes"})
    if unknown:
        raise CheckFailure(f"{path.name}: {expected_file.name} holds {unknown}, which are not outputs {output_names}")
    compared = [k for k in output_names if k in expected]
    if not compared:
        raise CheckFailure(f"{path.name}: {expected_file.name} holds none of the outputs {output_names}")

    differences = []
    for key in compared:
        if actual[key].shape != expected[key].shape:
            raise CheckFailure(f"{path.name}: {key} has shape {actual[key].shape}, expected {expected[key].shape}")
        difference = float(np.max(np.abs(actual[key].astype(np.float64) - expected[key].astype(np.float64))))
        if not difference <= tolerance:  # also catches NaN
            raise CheckFailure(f"{path.name}: {key} max |difference| {difference:.3g} > {tolerance:g}")
        differences.append(f"{key} {difference:.3g}")

    if "probabilities" not in actual:
        raise CheckFailure(f"{path.name}: no probabilities output to classify with")
    classes = expected["classes"] if "classes" in expected else np.argmax(expected["probabilities"], axis=1)
    predicted = np.argmax(actual["probabilities"], axis=1)
    if not np.array_equal(classes, predicted):
        wrong = int(np.flatnonzero(classes != predicted)[0])
        raise CheckFailure(f"{path.name}: sample {wrong} classified {predicted[wrong]}, dann4j says {classes[wrong]}")

    return (f"ran: {path.name} on {x.dtype} {list(x.shape)}: max |difference| {', '.join(differences)} "
            f"(tolerance {tolerance:g}); classes identical ({len(predicted)} rows)")


def main(argv):
    if len(argv) != 2:
        print("usage: check_onnx.py DIR (a folder of .onnx files)", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    print(f"onnx {onnx.__version__}, onnxruntime {onnxruntime.__version__}, numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}", flush=True)
    if not folder.is_dir():
        print(f"FAILED: {folder} is not a folder", file=sys.stderr)
        return 1
    files = sorted(folder.glob("*.onnx"))
    if not files:
        print(f"FAILED: no .onnx files in {folder}", file=sys.stderr)
        return 1
    try:
        for path in files:
            print(check(path), flush=True)
    except CheckFailure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    print(f"all {len(files)} files valid; every file with inputs equals dann4j")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
