#!/usr/bin/env python3
"""Write the crafted-file corpus that dann4j's HostileFilesTest loads (issue 20).

Every file is a PyTorch state_dict or checkpoint that dann4j might be handed by someone else:
valid files written by torch.save (they must load, with the values recorded in EXPECTED.tsv),
and hostile ones made by editing valid files: pickles written opcode by opcode with the small
emitter below, zip archives written entry by entry with the small zip writer below. The
hostile files must be refused with a one-line error, without crashing, hanging, running code
or reading outside a buffer.

Outputs (src/test/resources/hostile/):
  *.pt, *.ckpt      the corpus
  *.gz              the corpus files over 64 KiB that are not bombs, gzipped (the test unpacks them)
  MANIFEST.tsv      file, stored, class, kind, expected, fits, armed, torch, description
  EXPECTED.tsv      file, key, dtype, shape, sum, abs_sum, first values (valid files only)

Columns of MANIFEST.tsv:
  stored    the resource's name: the file, or the file plus .gz
  kind      state_dict (handed to StateDict.load, evaluate, train --init) or checkpoint
            (handed to restoreCheckpoint, train --resume); every file goes through every path
            in the test, and a checkpoint is never a state_dict nor the other way round
  expected  load | refuse | either (either: a correct load or a refusal are both fine)
  fits      yes when the file's keys and shapes are those of the test's model
            (DannModel.mlp(2).features(8).classifier(2).discriminator(1)), so loadInto works
  armed     how the attack was shown to be live, by loading the file with an unsafe loader
            in a scratch folder here: sentinel (the file named dann4j-sentinel-<case> was
            created), hang (the loader did not return within a few seconds), or '-'
  torch     what torch.load(weights_only=True) did with the file here: loads | refuses
            (informative; dann4j's expectation is 'expected')

The script is deterministic: a second run writes the same bytes. Run from anywhere:
    /root/.cache/dann4j/venv-reference/bin/python reference/make_hostile_files.py
"""

import collections
import gzip
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from typing import Tuple

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
# DANN4J_HOSTILE_OUT writes elsewhere, e.g. to check that a second run gives the same bytes
OUT_DIR = os.environ.get("DANN4J_HOSTILE_OUT") or os.path.normpath(
    os.path.join(HERE, "..", "src", "test", "resources", "hostile"))
SEED = 20
SENTINEL_PREFIX = "dann4j-sentinel-"
NESTING = 100_000


# --------------------------------------------------------------------------- the model

def tiny_state_dict(dtype=torch.float32):
    """The state_dict of the test's model, keys as DannModel names them (see Mlp.java)."""
    torch.manual_seed(SEED)

    class Dann(nn.Module):
        def __init__(self):
            super().__init__()
            self.feature = nn.Sequential(nn.Linear(2, 8), nn.ReLU())
            self.classifier = nn.Sequential(nn.Linear(8, 2))
            self.discriminator = nn.Sequential(nn.Linear(8, 1))

    model = Dann().to(dtype)
    return model.state_dict()


SHAPES = collections.OrderedDict((k, list(v.shape)) for k, v in tiny_state_dict().items())
W = "feature.0.weight"  # the tensor most hostile files corrupt: [8, 2], 16 floats, 64 bytes


# --------------------------------------------------------------------------- pickle emitter

class Global:
    def __init__(self, module, name):
        self.module, self.name = module, name


class Call:
    """callable(*args) by REDUCE; callable is a Global or anything emit() writes."""

    def __init__(self, callable_, args):
        self.callable, self.args = callable_, args


class PersId:
    def __init__(self, value):
        self.value = value


class Raw:
    """Opcodes written as they are (they must leave exactly one object on the stack)."""

    def __init__(self, data):
        self.data = data


class OrderedDictValue:
    """collections.OrderedDict() filled by SETITEMS, optionally with a BUILD state."""

    def __init__(self, items, state=None):
        self.items, self.state = items, state


class Pickle:
    """Writes pickle opcodes. Only what the corpus needs; every method returns self."""

    def __init__(self, protocol=2):
        self.b = bytearray()
        self.protocol = protocol
        if protocol >= 2:
            self.b += bytes([0x80, protocol])

    def op(self, data):
        self.b += data
        return self

    def string(self, s):
        data = s.encode("utf-8")
        return self.op(b"X" + struct.pack("<I", len(data)) + data)

    def integer(self, v):
        if 0 <= v < 256:
            return self.op(b"K" + bytes([v]))
        if 0 <= v < 65536:
            return self.op(b"M" + struct.pack("<H", v))
        if -(2 ** 31) <= v < 2 ** 31:
            return self.op(b"J" + struct.pack("<i", v))
        n = (v.bit_length() + 8) // 8
        return self.op(b"\x8a" + bytes([n]) + v.to_bytes(n, "little", signed=True))

    def glob(self, module, name):
        return self.op(b"c" + module.encode() + b"\n" + name.encode() + b"\n")

    def stop(self):
        return self.op(b".")

    def emit(self, v):
        if isinstance(v, Raw):
            return self.op(v.data)
        if isinstance(v, Global):
            return self.glob(v.module, v.name)
        if isinstance(v, Call):
            self.emit(v.callable)
            self.emit(tuple(v.args))
            return self.op(b"R")
        if isinstance(v, PersId):
            self.emit(v.value)
            return self.op(b"Q")
        if isinstance(v, OrderedDictValue):
            self.glob("collections", "OrderedDict").op(b")R")
            self.items(v.items)
            if v.state is not None:
                self.emit(v.state).op(b"b")
            return self
        if v is None:
            return self.op(b"N")
        if v is True:
            return self.op(b"\x88")
        if v is False:
            return self.op(b"\x89")
        if isinstance(v, int):
            return self.integer(v)
        if isinstance(v, float):
            return self.op(b"G" + struct.pack(">d", v))
        if isinstance(v, str):
            return self.string(v)
        if isinstance(v, bytes):
            return self.op(b"C" + bytes([len(v)]) + v)
        if isinstance(v, tuple):
            if len(v) == 0:
                return self.op(b")")
            if len(v) <= 3:
                for x in v:
                    self.emit(x)
                return self.op(bytes([0x84 + len(v)]))  # TUPLE1..TUPLE3
            self.op(b"(")
            for x in v:
                self.emit(x)
            return self.op(b"t")
        if isinstance(v, list):
            self.op(b"]")
            if v:
                self.op(b"(")
                for x in v:
                    self.emit(x)
                self.op(b"e")
            return self
        if isinstance(v, dict):
            self.op(b"}")
            self.items(list(v.items()))
            return self
        raise TypeError(type(v))

    def items(self, pairs):
        if pairs:
            self.op(b"(")
            for k, x in pairs:
                self.emit(k)
                self.emit(x)
            self.op(b"u")
        return self

    def bytes(self):
        return bytes(self.b)


def pickle_of(value, protocol=2):
    return Pickle(protocol).emit(value).stop().bytes()


STORAGE_OF = {torch.float32: "FloatStorage", torch.float64: "DoubleStorage", torch.int64: "LongStorage"}


def storage_pid(key, numel, storage="FloatStorage", location="cpu"):
    return PersId(("storage", Global("torch", storage), key, location, numel))


def rebuild(pid, offset, size, stride, requires_grad=False, hooks=None):
    hooks = Call(Global("collections", "OrderedDict"), ()) if hooks is None else hooks
    return Call(Global("torch._utils", "_rebuild_tensor_v2"),
                (pid, offset, tuple(size), tuple(stride), requires_grad, hooks))


def contiguous_stride(size):
    stride, acc = [], 1
    for s in reversed(size):
        stride.insert(0, acc)
        acc *= s
    return stride


# --------------------------------------------------------------------------- zip writer

class Entry:
    def __init__(self, name, data, deflate=False, claim_size=None, claim_crc=None, compressed=None):
        self.name, self.data, self.deflate = name, data, deflate
        self.claim_size, self.claim_crc, self.compressed = claim_size, claim_crc, compressed


def deflated(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def deflated_zeros(count, chunk=1 << 24):
    """Raw DEFLATE of `count` zero bytes, streamed; also returns their CRC-32."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc, block = [], 0, bytes(chunk)
    left = count
    while left:
        n = min(chunk, left)
        out.append(c.compress(block[:n]))
        crc = zlib.crc32(block[:n], crc)
        left -= n
    out.append(c.flush())
    return b"".join(out), crc


def zip_bytes(entries, align=64):
    """A zip archive (no timestamps, stored entries aligned like torch's writer)."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode()
        if e.compressed is not None:
            payload, method = e.compressed, 8
        elif e.deflate:
            payload, method = deflated(e.data), 8
        else:
            payload, method = e.data, 0
        crc = e.claim_crc if e.claim_crc is not None else zlib.crc32(e.data) if e.data is not None else 0
        size = e.claim_size if e.claim_size is not None else len(e.data)
        header_len = 30 + len(name)
        pad = (-(len(out) + header_len + 4)) % align if method == 0 else 0
        extra = (struct.pack("<HH", 0x4246, pad) + b"Z" * pad) if method == 0 else b""
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(payload), size,
                           len(name), len(extra)) + name + extra
        out += payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(payload),
                               size, len(name), 0, 0, 0, 0, 0, offset) + name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def archive(pkl, records, prefix="archive", byteorder=b"little", extra=(), pkl_entry=None):
    """torch.save's layout: data.pkl, .format_version, .storage_alignment, byteorder, data/<key>, version."""
    entries = [pkl_entry or Entry(prefix + "/data.pkl", pkl),
               Entry(prefix + "/.format_version", b"1"),
               Entry(prefix + "/.storage_alignment", b"64"),
               Entry(prefix + "/byteorder", byteorder)]
    for key, data in records:
        entries.append(data if isinstance(data, Entry) else Entry(prefix + "/data/" + key, data))
    entries.append(Entry(prefix + "/version", b"3\n"))
    entries.extend(extra)
    return zip_bytes(entries)


def raw_bytes(t):
    return t.detach().contiguous().numpy().tobytes()


def baseline_parts(sd=None, corrupt=None):
    """A state_dict pickle and its records, one storage per tensor (keys '0'..'5').

    corrupt: {tensor key: dict(offset=, size=, stride=, numel=, storage=, pid=, record=)} overrides.
    Returns (items for OrderedDictValue, records)."""
    sd = tiny_state_dict() if sd is None else sd
    corrupt = corrupt or {}
    items, records = [], []
    for i, (k, t) in enumerate(sd.items()):
        key = str(i)
        c = corrupt.get(k, {})
        size = c.get("size", list(t.shape))
        stride = c.get("stride", contiguous_stride(list(t.shape)))
        numel = c.get("numel", t.numel())
        pid = c.get("pid", storage_pid(c.get("key", key), numel, c.get("storage", STORAGE_OF[t.dtype])))
        value = c.get("value", rebuild(pid, c.get("offset", 0), size, stride))
        items.append((c.get("name", k), value))
        record = c.get("record", raw_bytes(t))
        if record is not None:
            records.append((key, record))
    return items, records


def state_dict_file(corrupt=None, extra_items=(), sd=None, **archive_args):
    items, records = baseline_parts(sd, corrupt)
    items = items + list(extra_items)
    return archive(pickle_of(OrderedDictValue(items)), records, **archive_args)


# --------------------------------------------------------------------------- the corpus

CASES = []  # (file, class, kind, expected, fits, armed-by, description, bytes)


def case(file, klass, expected, description, data, kind="state_dict", fits="no", armed="-"):
    CASES.append((file, klass, kind, expected, fits, armed, description, data))


def torch_save(obj, **kwargs):
    b = io.BytesIO()
    torch.save(obj, b, **kwargs)
    return b.getvalue()


def valid_files():
    sd = tiny_state_dict()
    case("valid_state_dict.pt", "valid", "load",
         "torch.save(model.state_dict()): an OrderedDict with _metadata", torch_save(sd), fits="yes")
    case("valid_protocol4.pt", "valid", "load", "the same with pickle_protocol=4 (FRAME, SHORT_BINUNICODE, memo ops)",
         torch_save(sd, pickle_protocol=4), fits="yes")
    case("valid_float64.pt", "valid", "load", "the model in float64 (DoubleStorage)",
         torch_save(tiny_state_dict(torch.float64)), fits="yes")
    flat = torch.cat([t.flatten() for t in sd.values()])
    shared, offset = collections.OrderedDict(), 0
    for k, t in sd.items():
        shared[k] = flat[offset:offset + t.numel()].view(t.shape)
        offset += t.numel()
    case("valid_shared_storage.pt", "valid", "load",
         "all six tensors are views into one storage, at offsets 0, 16, 24, 40, 42, 50", torch_save(shared), fits="yes")
    transposed = collections.OrderedDict(sd)
    transposed[W] = sd[W].t().contiguous().t()
    assert transposed[W].stride() == (1, 8)
    case("valid_transposed.pt", "valid", "load",
         "feature.0.weight is a transposed view: size (8, 2), stride (1, 8)", torch_save(transposed), fits="yes")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "my_model.pt")
        torch.save(sd, path)
        with open(path, "rb") as f:
            prefixed = f.read()
    assert zipfile.ZipFile(io.BytesIO(prefixed)).namelist()[0] == "my_model/data.pkl"
    case("valid_prefix_from_filename.pt", "valid", "load",
         "torch.save to a path 'my_model.pt': entries are my_model/..., not archive/...", prefixed, fits="yes")
    odd = collections.OrderedDict(sd)
    odd["extra.empty"] = torch.zeros(0)
    odd["extra.empty_2d"] = torch.zeros(0, 3)
    odd["extra.scalar"] = torch.tensor(2.5)
    case("valid_empty_tensors.pt", "valid", "load",
         "the state_dict plus tensors of size (0,), (0, 3) and a 0-dim scalar (extra keys: does not fit the model)",
         torch_save(odd))
    torch.manual_seed(SEED + 1)
    typed = collections.OrderedDict()
    typed["float16"] = torch.randn(5).to(torch.float16)
    typed["bfloat16"] = torch.randn(5).to(torch.bfloat16)
    typed["int64"] = torch.tensor([-3, 2 ** 40, 7], dtype=torch.int64)
    typed["int32"] = torch.tensor([-5, 2 ** 30, 9], dtype=torch.int32)
    typed["int16"] = torch.tensor([-7, 300], dtype=torch.int16)
    typed["int8"] = torch.tensor([-8, 100], dtype=torch.int8)
    typed["uint8"] = torch.tensor([0, 255, 17], dtype=torch.uint8)
    typed["bool"] = torch.tensor([True, False, True])
    case("valid_dtypes.pt", "valid", "load",
         "one tensor of each allowed storage type: Half, BFloat16, Long, Int, Short, Char, Byte, Bool",
         torch_save(typed))
    items, records = baseline_parts()
    case("valid_emitted.pt", "valid", "load",
         "the state_dict written by this script's own pickle emitter and zip writer, which every hostile "
         "file below edits (a control: if this does not load, refusals of the others prove nothing)",
         archive(pickle_of(OrderedDictValue(items)), records), fits="yes")


def storage_bounds():
    def bound(file, description, **c):
        case(file, "storage_bounds", "refuse", description, state_dict_file({W: c}))
    bound("bounds_offset_1.pt", "feature.0.weight (8, 2) at offset 1 in its 16-float storage: one element past the end",
          offset=1)
    bound("bounds_offset_16.pt", "offset 16 = the storage's numel", offset=16)
    bound("bounds_offset_2p20.pt", "offset 2^20", offset=2 ** 20)
    bound("bounds_stride_100000.pt", "stride (100000, 1)", stride=[100000, 1])
    bound("bounds_stride_3_1.pt", "stride (3, 1): last element at 22 of 16", stride=[3, 1])
    bound("bounds_size_16x2.pt", "size (16, 2) with stride (2, 1) over a 16-float storage", size=[16, 2])
    bound("bounds_size_one_over.pt", "size (8, 2), storage numel 15 and a 60-byte record",
          numel=15, record=raw_bytes(tiny_state_dict()[W])[:60])
    bound("bounds_overflow_size_2p62.pt", "size (2^62, 2) stride (2, 1): the extent overflows int64",
          size=[2 ** 62, 2], stride=[2, 1])
    bound("bounds_overflow_stride_2p62.pt", "size (8, 2) stride (2^62, 1): (8-1)*2^62 overflows",
          stride=[2 ** 62, 1])
    bound("bounds_overflow_offset.pt", "offset 2^63-1 with size (8, 2): offset + extent overflows",
          offset=2 ** 63 - 1)
    bound("bounds_overflow_product.pt", "size (2^32, 2^32) stride (0, 0): numel 2^64 overflows",
          size=[2 ** 32, 2 ** 32], stride=[0, 0])
    bound("bounds_huge_int.pt", "offset 2^70, an integer wider than 64 bits", offset=2 ** 70)


def storage_records():
    w = raw_bytes(tiny_state_dict()[W])

    def rec(file, description, **c):
        case(file, "storage_records", "refuse", description, state_dict_file({W: c}))
    rec("record_empty.pt", "feature.0.weight's record data/0 is empty (numel 16)", record=b"")
    rec("record_short_4.pt", "a 4-byte record for 16 floats", record=w[:4])
    rec("record_short_63.pt", "a 63-byte record for 16 floats", record=w[:63])
    rec("record_missing.pt", "no data/0 entry at all", record=None)
    rec("record_long_68.pt", "a 68-byte record for 16 floats", record=w + b"\0\0\0\0")
    rec("record_long_64k.pt", "a 64 KiB record for 16 floats", record=w + bytes(65536 - 64))
    rec("record_numel_32.pt", "persistent id says numel 32, the record holds 16 floats", numel=32)
    rec("record_numel_8.pt", "persistent id says numel 8, the record holds 16 floats (tensor needs 16)", numel=8)
    rec("record_numel_2p40.pt", "storage numel 2^40 with a 64-byte record (a 4 TiB claim)", numel=2 ** 40)
    rec("record_numel_2p61.pt", "storage numel 2^61: numel * 4 overflows", numel=2 ** 61)
    rec("record_numel_huge_view.pt", "numel 2^40 and a view of size (2^20, 2^20) on a 64-byte record",
        numel=2 ** 40, size=[2 ** 20, 2 ** 20], stride=[2 ** 20, 1])
    rec("record_key_traversal.pt", "storage key '../../data/0'", key="../../data/0")
    rec("record_key_absolute.pt", "storage key '/etc/passwd'", key="/etc/passwd")
    case("record_key_int.pt", "storage_records", "either", "storage key is the integer 0, not a string (torch "
         "reads it as '0')", state_dict_file({W: {"key": 0}}), fits="yes")
    rec("record_key_missing_other.pt", "storage key '7' that has no record", key="7")
    rec("record_type_complex.pt", "storage type torch.ComplexFloatStorage (not allowed)", storage="ComplexFloatStorage")
    rec("record_type_qint8.pt", "storage type torch.QInt8Storage (not allowed)", storage="QInt8Storage")
    rec("record_type_untyped.pt", "storage type torch.UntypedStorage (not in the list)", storage="UntypedStorage")
    rec("record_type_os_system.pt", "the storage type is os.system",
        pid=PersId(("storage", Global("os", "system"), "0", "cpu", 16)))
    rec("record_pid_short.pt", "persistent id without numel: ('storage', FloatStorage, '0', 'cpu')",
        pid=PersId(("storage", Global("torch", "FloatStorage"), "0", "cpu")))
    rec("record_pid_long.pt", "persistent id with a seventh element",
        pid=PersId(("storage", Global("torch", "FloatStorage"), "0", "cpu", 16, None, 0)))
    rec("record_pid_tag.pt", "persistent id tagged 'module' instead of 'storage'",
        pid=PersId(("module", Global("torch", "FloatStorage"), "0", "cpu", 16)))
    rec("record_pid_string.pt", "persistent id is a string, not a tuple", pid=PersId("0"))
    rec("record_pid_text_opcode.pt", "protocol-0 PERSID opcode ('P0\\n') for the storage", pid=Raw(b"P0\n"))
    case("record_location_evil.pt", "storage_records", "either", "location 'cpu; os.system', not a device (a reader "
         "may ignore locations and load to the CPU)",
         state_dict_file({W: {"pid": storage_pid("0", 16, location="cpu; os.system")}}), fits="yes")


def negatives():
    def neg(file, description, **c):
        case(file, "negative", "refuse", description, state_dict_file({W: c}))
    neg("negative_offset_1.pt", "storage offset -1", offset=-1)
    neg("negative_offset_16.pt", "storage offset -16", offset=-16)
    neg("negative_offset_2p62.pt", "storage offset -2^62", offset=-(2 ** 62))
    neg("negative_size.pt", "size (-1, 2)", size=[-1, 2])
    neg("negative_size_both.pt", "size (-8, -2): the product is positive", size=[-8, -2])
    neg("negative_stride.pt", "stride (-2, 1) at offset 14: every element is inside, but the stride is negative",
        offset=14, stride=[-2, 1])
    neg("negative_stride_2p62.pt", "stride (-2^62, 1)", stride=[-(2 ** 62), 1])
    neg("negative_numel.pt", "storage numel -16 in the persistent id", numel=-16)


def nested_list(depth):
    # ] x depth, then 'a' x (depth-1): each APPEND puts a list into the one below it
    return Raw(b"]" * depth + b"a" * (depth - 1))


def nested_list_marks(depth):
    return Raw(b"(" * depth + b"l" * depth)


def nested_tuple(depth):
    return Raw(b")" + b"\x85" * depth)


def nested_tuple_marks(depth):
    return Raw(b"(" * depth + b"t" * depth)


def nested_dict(depth):
    # {'k': {'k': ... {}}}: } then (X'k' } ... ) and SETITEM from the inside out
    key = b"X\x01\x00\x00\x00k"
    return Raw(b"}" + (key + b"}") * (depth - 1) + b"s" * (depth - 1))


def nested_memo(depth):
    # [] put 0; then each level: a new list, append (get of the last level), put: a chain of lists
    # built from memo entries, alternating between memo slots 0 and 1
    out = bytearray(b"]q\x00")
    for i in range(1, depth):
        out += b"]h" + bytes([(i - 1) % 2]) + b"aq" + bytes([i % 2])
    return Raw(bytes(out))


def nesting():
    n = NESTING
    items, records = baseline_parts()

    def under_extra(file, description, value):
        pkl = pickle_of(OrderedDictValue(items + [("extra", value)]))
        case(file, "nesting", "refuse", description, archive(pkl, records))

    under_extra("nest_list_extra.pt", f"the state_dict plus key 'extra': {n} nested lists (EMPTY_LIST/APPEND)",
                nested_list(n))
    under_extra("nest_list_marks_extra.pt", f"'extra': {n} nested lists by MARK/LIST", nested_list_marks(n))
    under_extra("nest_tuple_extra.pt", f"'extra': {n} nested tuples by TUPLE1 (no stack growth while unpickling)",
                nested_tuple(n))
    under_extra("nest_tuple_marks_extra.pt", f"'extra': {n} nested tuples by MARK/TUPLE", nested_tuple_marks(n))
    under_extra("nest_dict_extra.pt", f"'extra': {n} nested dicts", nested_dict(n))
    under_extra("nest_memo_extra.pt", f"'extra': {n} nested lists, each built from the memo entry of the last",
                nested_memo(n))
    case("nest_list_top.pt", "nesting", "refuse", f"the whole pickle is {n} nested lists",
         archive(pickle_of(nested_list(n)), records))
    case("nest_dict_top.pt", "nesting", "refuse", f"the whole pickle is {n} nested dicts",
         archive(pickle_of(nested_dict(n)), records))
    deep_size = rebuild(storage_pid("0", 16), 0, [8, 2], [2, 1])
    deep_size.args = (deep_size.args[0], 0, nested_tuple(n), (2, 1), False, deep_size.args[5])
    case("nest_in_size.pt", "nesting", "refuse", f"feature.0.weight's size is {n} nested tuples",
         state_dict_file({W: {"value": deep_size}}))
    under_extra("nest_list_65.pt", "'extra': 65 nested lists, one past the default depth limit of 64",
                nested_list(65))


def memo_cycles():
    items, records = baseline_parts()

    def pkl_file(file, description, pkl):
        case(file, "memo", "refuse", description, archive(pkl, records))

    cyc_list = Raw(b"]r\x00\x00\x00\x00j\x00\x00\x00\x00a")  # L = []; L.append(L)
    pkl_file("memo_cycle_list.pt", "'extra' is a list that contains itself",
             pickle_of(OrderedDictValue(items + [("extra", cyc_list)])))
    # d = {}; d['self'] = d, as the whole state_dict
    pkl_file("memo_cycle_dict_top.pt", "the top-level dict contains itself under 'self'",
             Pickle().op(b"}r\x00\x00\x00\x00X\x04\x00\x00\x00selfj\x00\x00\x00\x00s").stop().bytes())
    # OrderedDict whose _metadata (BUILD state) is the OrderedDict itself
    p = Pickle().glob("collections", "OrderedDict").op(b")Rr\x00\x00\x00\x00")
    p.items(items)
    p.op(b"}X\t\x00\x00\x00_metadataj\x00\x00\x00\x00sb").stop()
    case("memo_cycle_metadata.pt", "memo", "either", "the state_dict's _metadata is the state_dict itself (a reader "
         "may ignore _metadata)", archive(p.bytes(), records), fits="yes")
    # tuple cycle through a list: t = ([t],) cannot be built directly; a list holding a tuple holding the list
    cyc = Raw(b"]r\x00\x00\x00\x00j\x00\x00\x00\x00\x85a")
    pkl_file("memo_cycle_tuple.pt", "'extra' is a list holding a 1-tuple holding the list",
             pickle_of(OrderedDictValue(items + [("extra", cyc)])))
    pkl_file("memo_get_undefined.pt", "BINGET 7 of a memo entry never put",
             pickle_of(OrderedDictValue(items + [("extra", Raw(b"h\x07"))])))
    pkl_file("memo_get_2p31.pt", "LONG_BINGET 0xffffffff",
             pickle_of(OrderedDictValue(items + [("extra", Raw(b"j\xff\xff\xff\xff"))])))
    tensor_pid = storage_pid("0", 16)
    # a memo put of a tensor before its storage is complete is fine in Python; a storage put then reused as a
    # tensor value is not a tensor
    pkl_file("memo_storage_as_value.pt", "feature.0.weight's value is its storage (memo get of the persistent id)",
             pickle_of(OrderedDictValue([(W, Raw(pickle_of(tensor_pid)[2:-1] + b"r\x09\x00\x00\x00"))] +
                                        items[1:])))


def sentinel_call(kind, name):
    s = SENTINEL_PREFIX + name
    shell = f"touch {s}"
    if kind == "os.system":
        return Call(Global("os", "system"), (shell,))
    if kind == "posix.system":
        return Call(Global("posix", "system"), (shell,))
    if kind == "eval":
        return Call(Global("builtins", "eval"), (f"open({s!r}, 'w').close()",))
    if kind == "exec":
        return Call(Global("builtins", "exec"), (f"open({s!r}, 'w').close()",))
    if kind == "popen":
        return Call(Global("subprocess", "Popen"), (["touch", s],))
    if kind == "open":
        return Call(Global("builtins", "open"), (s, "w"))
    if kind == "from_file":
        return Call(Global("torch", "from_file"), (s, True, 16))
    if kind == "torch.save":
        return Call(Global("torch", "save"), ({"x": 1}, s))
    if kind == "torch.load":
        # loads (with the unsafe default of its day) a file named like the sentinel; the armed check
        # passes a file that creates the sentinel
        return Call(Global("torch", "load"), (s + ".inner",))
    raise ValueError(kind)


def unknown_globals():
    items, records = baseline_parts()

    def g(file, description, pkl, armed="sentinel", extra_records=()):
        case(file, "unknown_global", "refuse", description, archive(pkl, records + list(extra_records)), armed=armed)

    for kind, name in [("os.system", "os_system"), ("posix.system", "posix_system"), ("eval", "eval"),
                       ("exec", "exec"), ("popen", "popen"), ("open", "open"), ("from_file", "from_file"),
                       ("torch.save", "torch_save")]:
        g(f"global_{name}_top.pt", f"the whole pickle is {kind}(...) creating {SENTINEL_PREFIX}{name}_top",
          pickle_of(sentinel_call(kind, name + "_top")))
        g(f"global_{name}_extra.pt", f"the state_dict plus key 'extra' = {kind}(...)",
          pickle_of(OrderedDictValue(items + [("extra", sentinel_call(kind, name + "_extra"))])))
    g("global_torch_load.pt", "'extra' = torch.load('dann4j-sentinel-torch_load.inner')",
      pickle_of(OrderedDictValue(items + [("extra", sentinel_call("torch.load", "torch_load"))])), armed="-")
    g("global_in_hooks.pt", "os.system(...) as _rebuild_tensor_v2's backward_hooks argument",
      pickle_of(OrderedDictValue([(W, rebuild(storage_pid("0", 16), 0, [8, 2], [2, 1],
                                              hooks=sentinel_call("os.system", "in_hooks")))] + items[1:])))
    g("global_in_metadata.pt", "os.system(...) inside the BUILD state (_metadata) of the OrderedDict",
      pickle_of(OrderedDictValue(items, state={"_metadata": sentinel_call("os.system", "in_metadata")})))
    g("global_as_key.pt", "a key that is os.system(...)",
      pickle_of(OrderedDictValue(items + [(sentinel_call("os.system", "as_key"), 1)])))
    shell = f"touch {SENTINEL_PREFIX}"
    # other opcodes that reach a global
    g("global_inst_opcode.pt", "protocol-0 INST opcode: i os\\nsystem\\n",
      Pickle(0).op(b"(S'" + (shell + "inst_opcode").encode() + b"'\nios\nsystem\n.").bytes())
    g("global_obj_opcode.pt", "OBJ opcode with the callable os.system",
      Pickle().op(b"(").glob("os", "system").string(shell + "obj_opcode").op(b"o.").bytes())
    g("global_stack_global.pt", "protocol-4 STACK_GLOBAL 'os' 'system'",
      Pickle(4).string("os").string("system").op(b"\x93").emit((shell + "stack_global",)).op(b"R.").bytes())
    g("global_newobj.pt", "NEWOBJ of subprocess.Popen",
      Pickle().glob("subprocess", "Popen").emit((["touch", SENTINEL_PREFIX + "newobj"],)).op(b"\x81.").bytes(),
      armed="-")
    g("global_newobj_ex.pt", "NEWOBJ_EX of subprocess.Popen",
      Pickle(4).glob("subprocess", "Popen").emit((["touch", SENTINEL_PREFIX + "newobj_ex"],)).op(b"}\x92.")
      .bytes(), armed="-")
    g("global_getattr_import.pt", "builtins.getattr(builtins.__import__('os'), 'system')(...)",
      pickle_of(Call(Call(Global("builtins", "getattr"), (Call(Global("builtins", "__import__"), ("os",)), "system")),
                     (shell + "getattr_import",))))
    g("global_dotted_name.pt", "GLOBAL torch._utils _rebuild_tensor_v2.__globals__ (a dotted name past the allowed one)",
      pickle_of(OrderedDictValue(items + [("extra", Global("torch._utils", "_rebuild_tensor_v2.__globals__"))])),
      armed="-")
    g("global_allowed_module_other_name.pt", "torch._utils._rebuild_device_tensor_from_numpy (same module, not allowed)",
      pickle_of(OrderedDictValue(items + [("extra", Global("torch._utils", "_rebuild_device_tensor_from_numpy"))])),
      armed="-")
    g("global_storage_called.pt", "torch.FloatStorage(2^40) called by REDUCE: a 4 TiB allocation",
      pickle_of(OrderedDictValue(items + [("extra", Call(Global("torch", "FloatStorage"), (2 ** 40,)))])),
      armed="-")
    g("global_ordereddict_args.pt", "collections.OrderedDict called with an os.system result",
      pickle_of(Call(Global("collections", "OrderedDict"), (sentinel_call("os.system", "ordereddict_args"),))))
    g("global_rebuild_parameter_evil.pt", "torch._utils._rebuild_parameter(os.system(...), False, OrderedDict())",
      pickle_of(OrderedDictValue([(W, Call(Global("torch._utils", "_rebuild_parameter"),
                                          (sentinel_call("os.system", "rebuild_parameter_evil"), False,
                                           Call(Global("collections", "OrderedDict"), ()))))] + items[1:])))
    g("global_ext_opcode.pt", "EXT1 opcode (copyreg extension registry code 1)", Pickle().op(b"\x82\x01.").bytes(),
      armed="-")
    # __main__.Evil: an instance rebuilt by NEWOBJ + BUILD; armed in a process that defines the class
    g("global_main_class.pt", "an instance of __main__.Evil (NEWOBJ, BUILD) whose __setstate__ writes a file",
      pickle_of(OrderedDictValue(items + [("extra", Raw(
          Pickle(0).glob("__main__", "Evil").op(b")\x81").emit({"path": SENTINEL_PREFIX + "main_class"}).op(b"b")
          .bytes()))])))
    g("global_main_reduce.pt", "__main__.Evil called by REDUCE",
      pickle_of(Call(Global("__main__", "Evil"), (SENTINEL_PREFIX + "main_reduce",))))


def rebuild_args():
    def r(file, description, value, klass="rebuild_args"):
        case(file, klass, "refuse", description, state_dict_file({W: {"value": value}}))
    pid = storage_pid("0", 16)
    hooks = Call(Global("collections", "OrderedDict"), ())
    v2 = Global("torch._utils", "_rebuild_tensor_v2")
    r("rebuild_no_args.pt", "_rebuild_tensor_v2()", Call(v2, ()))
    r("rebuild_3_args.pt", "_rebuild_tensor_v2(storage, 0, (8, 2))", Call(v2, (pid, 0, (8, 2))))
    r("rebuild_9_args.pt", "_rebuild_tensor_v2 with 9 arguments",
      Call(v2, (pid, 0, (8, 2), (2, 1), False, hooks, None, 1, 2)))
    r("rebuild_size_int.pt", "size is the integer 16", Call(v2, (pid, 0, 16, (2, 1), False, hooks)))
    r("rebuild_size_str.pt", "size is the string '8,2'", Call(v2, (pid, 0, "8,2", (2, 1), False, hooks)))
    r("rebuild_size_floats.pt", "size (8.0, 2.0)", Call(v2, (pid, 0, (8.0, 2.0), (2, 1), False, hooks)))
    r("rebuild_size_list_none.pt", "size (8, None)", Call(v2, (pid, 0, (8, None), (2, 1), False, hooks)))
    r("rebuild_stride_length.pt", "size (8, 2) with stride (2,)", Call(v2, (pid, 0, (8, 2), (2,), False, hooks)))
    r("rebuild_offset_float.pt", "offset 0.5", Call(v2, (pid, 0.5, (8, 2), (2, 1), False, hooks)))
    r("rebuild_offset_str.pt", "offset '0'", Call(v2, (pid, "0", (8, 2), (2, 1), False, hooks)))
    r("rebuild_storage_str.pt", "storage argument is a string", Call(v2, ("0", 0, (8, 2), (2, 1), False, hooks)))
    r("rebuild_storage_none.pt", "storage argument is None", Call(v2, (None, 0, (8, 2), (2, 1), False, hooks)))
    r("rebuild_storage_tensor.pt", "storage argument is another tensor",
      Call(v2, (rebuild(pid, 0, [16], [1]), 0, (8, 2), (2, 1), False, hooks)))
    case("rebuild_hooks_list.pt", "rebuild_args", "either", "backward_hooks is a non-empty list (torch ignores it)",
         state_dict_file({W: {"value": Call(v2, (pid, 0, (8, 2), (2, 1), False, [1, 2]))}}), fits="yes")
    case("rebuild_requires_grad_str.pt", "rebuild_args", "either", "requires_grad is the string 'yes' (a reader may "
         "ignore the flag)", state_dict_file({W: {"value": Call(v2, (pid, 0, (8, 2), (2, 1), "yes", hooks))}}),
         fits="yes")
    r("rebuild_v1.pt", "torch._utils._rebuild_tensor (v1, not allowed)",
      Call(Global("torch._utils", "_rebuild_tensor"), (pid, 0, (8, 2), (2, 1))))
    r("rebuild_parameter_str.pt", "_rebuild_parameter('not a tensor', False, OrderedDict())",
      Call(Global("torch._utils", "_rebuild_parameter"), ("not a tensor", False, hooks)))
    r("rebuild_parameter_1_arg.pt", "_rebuild_parameter(tensor) with one argument instead of three",
      Call(Global("torch._utils", "_rebuild_parameter"), (rebuild(pid, 0, [8, 2], [2, 1]),)))


def structure():
    items, records = baseline_parts()

    def s(file, description, pkl, expected="refuse", fits="no"):
        case(file, "structure", expected, description, archive(pkl, records), fits=fits)
    tensors = [v for _, v in items]
    s("top_list.pt", "the pickle is a list of the six tensors", pickle_of(tensors))
    s("top_tensor.pt", "the pickle is one tensor", pickle_of(tensors[0]))
    s("top_none.pt", "the pickle is None", pickle_of(None))
    s("top_int.pt", "the pickle is the integer 7", pickle_of(7))
    s("top_str.pt", "the pickle is a string", pickle_of("feature.0.weight"))
    s("top_tuple.pt", "the pickle is a tuple (dict, dict)",
      pickle_of((OrderedDictValue(items), OrderedDictValue(items))))
    s("keys_int.pt", "keys are the integers 0..5", pickle_of(OrderedDictValue([(i, v) for i, (_, v) in enumerate(items)])))
    s("keys_tuple.pt", "a key is the tuple ('feature', 0)",
      pickle_of(OrderedDictValue([(("feature", 0), items[0][1])] + items[1:])))
    s("keys_bytes.pt", "a key is bytes b'feature.0.weight'",
      pickle_of(OrderedDictValue([(b"feature.0.weight", items[0][1])] + items[1:])))
    s("keys_none.pt", "a key is None", pickle_of(OrderedDictValue([(None, items[0][1])] + items[1:])))
    s("value_float.pt", "feature.0.weight's value is the float 3.0",
      pickle_of(OrderedDictValue([(W, 3.0)] + items[1:])))
    s("value_nested_dict.pt", "{'model': state_dict}: a checkpoint-like nesting, not a flat state_dict",
      pickle_of({"model": OrderedDictValue(items)}))
    s("truncated_pickle.pt", "data.pkl cut before its STOP opcode", pickle_of(OrderedDictValue(items))[:-1])
    s("pickle_no_stop.pt", "data.pkl cut in the middle of a BINUNICODE", pickle_of(OrderedDictValue(items))[:40])
    s("pickle_trailing.pt", "bytes after the STOP opcode (torch ignores them)",
      pickle_of(OrderedDictValue(items)) + b"\x80\x02N.", expected="either", fits="yes")
    s("pickle_bad_opcode.pt", "an opcode byte that does not exist (0xff) inside the dict",
      pickle_of(OrderedDictValue(items))[:-2] + b"\xff" + pickle_of(OrderedDictValue(items))[-2:])
    s("pickle_protocol_9.pt", "PROTO 9", b"\x80\x09" + pickle_of(OrderedDictValue(items))[2:])
    s("pickle_string_2p40.pt", "BINUNICODE8 claiming 2^40 bytes",
      Pickle(4).op(b"\x8d" + struct.pack("<Q", 2 ** 40) + b"abc").stop().bytes())
    s("pickle_bad_utf8.pt", "a key that is not UTF-8",
      pickle_of(OrderedDictValue([(Raw(b"X\x02\x00\x00\x00\xff\xfe"), items[0][1])] + items[1:])))
    s("pickle_stack_underflow.pt", "SETITEMS with no dict below the mark", Pickle().op(b"(X\x01\x00\x00\x00aNu.")
      .bytes())
    s("pickle_frame_lie.pt", "protocol 4 FRAME claiming 2^60 bytes",
      b"\x80\x04\x95" + struct.pack("<Q", 2 ** 60) + pickle_of(OrderedDictValue(items))[2:])


def bombs():
    items, records = baseline_parts()
    pkl = pickle_of(OrderedDictValue(items))

    # data.pkl of 128 MiB: the pickle, then a BINUNICODE of zeros under key 'extra'; over the 64 MiB pickle limit
    size = 128 << 20
    head = pkl[:-2]  # strip SETITEMS-closing 'u' and STOP... rebuilt below
    assert pkl.endswith(b"u.")
    filler = size - len(head) - 20
    big_head = head + b"X\x05\x00\x00\x00extraX" + struct.pack("<I", filler)
    tail = b"u."
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(big_head)
    parts = [comp.compress(big_head)]
    z, zcrc = None, crc
    block = bytes(1 << 24)
    left = filler
    while left:
        n = min(len(block), left)
        parts.append(comp.compress(block[:n]))
        zcrc = zlib.crc32(block[:n], zcrc)
        left -= n
    parts.append(comp.compress(tail))
    zcrc = zlib.crc32(tail, zcrc)
    parts.append(comp.flush())
    total = len(big_head) + filler + len(tail)
    compressed = b"".join(parts)
    case("bomb_pickle_128m.pt", "bomb", "refuse",
         f"data.pkl DEFLATE-compressed: {len(compressed)} bytes inflating to {total} (a 128 MiB string under 'extra')",
         archive(None, records, pkl_entry=Entry("archive/data.pkl", None, compressed=compressed, claim_size=total,
                                                 claim_crc=zcrc)))
    case("bomb_pickle_lying.pt", "bomb", "refuse",
         "the same compressed data.pkl, but the zip headers claim its real size is 200 bytes",
         archive(None, records, pkl_entry=Entry("archive/data.pkl", None, compressed=compressed, claim_size=200,
                                                 claim_crc=zcrc)))
    zeros, zeros_crc = deflated_zeros(256 << 20)
    rec = [(k, d) for k, d in records]
    rec[0] = ("0", Entry("archive/data/0", None, compressed=zeros, claim_size=256 << 20, claim_crc=zeros_crc))
    case("bomb_record_256m.pt", "bomb", "refuse",
         f"feature.0.weight's record (numel 16) is {len(zeros)} DEFLATE bytes inflating to 256 MiB of zeros",
         archive(pkl, rec))
    rec[0] = ("0", Entry("archive/data/0", None, compressed=zeros, claim_size=64, claim_crc=zeros_crc))
    case("bomb_record_lying.pt", "bomb", "refuse",
         "the same record, the zip headers claiming 64 bytes (what the storage needs)", archive(pkl, rec))
    # numel 2^26 (256 MiB) storage with an honest 256 MiB record: a valid but big file? no: the tensor is (8, 2)
    # and the storage is what the record says, so this one must be refused only for memory if over the limit.
    # Left out: it would be a correct load of 256 MiB.


def formats():
    sd = tiny_state_dict()
    valid = torch_save(sd)
    items, records = baseline_parts()
    pkl = pickle_of(OrderedDictValue(items))

    def f(file, description, data, expected="refuse", fits="no"):
        case(file, "format", expected, description, data, fits=fits)
    swapped = [(k, torch.from_numpy(t.numpy().byteswap()).numpy().tobytes()) for k, t in
               zip([k for k, _ in records], sd.values())]
    f("format_big_endian.pt", "byteorder 'big' with byte-swapped records (the same values as valid_state_dict.pt "
      "for a reader that swaps)", archive(pkl, swapped, byteorder=b"big"), expected="either", fits="yes")
    f("format_byteorder_odd.pt", "byteorder 'middle'", archive(pkl, records, byteorder=b"middle"))
    legacy = legacy_file(sd)
    f("format_legacy.pt", "torch.save(..., _use_new_zipfile_serialization=False): the pre-1.6 non-zip format "
      "(a correct load or a refusal)", legacy, expected="either", fits="yes")
    f("format_not_zip.pt", "a text file", b"this is not a model file\n" * 4)
    f("format_empty.pt", "an empty file", b"")
    f("format_png.pt", "a PNG signature and a few bytes", b"\x89PNG\r\n\x1a\n" + bytes(40))
    f("format_truncated_half.pt", "valid_state_dict.pt cut in half", valid[:len(valid) // 2])
    f("format_truncated_eocd.pt", "valid_state_dict.pt without its last 10 bytes", valid[:-10])
    f("format_zip_empty.pt", "a zip archive with no entries", zip_bytes([]))
    f("format_no_data_pkl.pt", "a zip with the records but no data.pkl",
      zip_bytes([Entry("archive/byteorder", b"little")] + [Entry("archive/data/" + k, d) for k, d in records]))
    f("format_two_data_pkl.pt", "two entries named archive/data.pkl (the second holds os.system)",
      archive(pkl, records, extra=[Entry("archive/data.pkl", pickle_of(sentinel_call("os.system", "two_data_pkl")))]))
    f("format_two_prefixes.pt", "archive/... and other/..., each with a data.pkl",
      archive(pkl, records, extra=[Entry("other/data.pkl", pkl)] + [Entry("other/data/" + k, d) for k, d in records]))
    f("format_traversal_entry.pt", "entries named ../archive/...",
      archive(pkl, records, prefix="../archive"))
    f("format_no_prefix.pt", "entries at the top level: data.pkl, data/0, ... (no folder)",
      zip_bytes([Entry("data.pkl", pkl)] + [Entry("data/" + k, d) for k, d in records]))
    bad_crc = archive(pkl, records)
    idx = bad_crc.rfind(b"archive/data/0")
    # corrupt one byte of the record's data (found after its local header), keeping the CRCs
    local = bad_crc.find(b"archive/data/0")
    data_start = local + len("archive/data/0") + struct.unpack("<H", bad_crc[local - 2:local])[0]
    assert idx > local
    bad_crc = bad_crc[:data_start] + bytes([bad_crc[data_start] ^ 0xFF]) + bad_crc[data_start + 1:]
    f("format_bad_crc.pt", "one byte of a record flipped, the CRC left as it was", bad_crc)
    f("format_cd_size_lie.pt", "a stored 64-byte record whose zip headers claim an uncompressed size of 1 GiB",
      archive(pkl, [(k, Entry("archive/data/" + k, d, claim_size=(1 << 30) if k == "0" else None))
                    for k, d in records]))


def legacy_file(sd):
    """torch.save(sd, f, _use_new_zipfile_serialization=False), rebuilt with fixed storage keys.

    That format is a run of pickles: a magic number, the protocol version, a dict of system
    information, the object (persistent ids of six elements), the list of storage keys; then each
    storage as an 8-byte element count and its bytes. torch names the storages by memory address,
    so the file it writes changes from run to run; this one takes torch's header as it is and
    writes the rest with keys '0', '1', ...
    """
    reference = torch_save(sd, _use_new_zipfile_serialization=False)
    header = reference[:reference.index(b"\x80\x02ccollections\nOrderedDict")]
    items, keys, data = [], [], b""
    for i, (k, t) in enumerate(sd.items()):
        pid = PersId(("storage", Global("torch", STORAGE_OF[t.dtype]), str(i), "cpu", t.numel(), None))
        items.append((k, rebuild(pid, 0, list(t.shape), contiguous_stride(list(t.shape)))))
        keys.append(str(i))
        data += struct.pack("<q", t.numel()) + raw_bytes(t)
    return header + pickle_of(OrderedDictValue(items)) + pickle_of(keys) + data


def torchscript():
    class SentinelModule(nn.Module):
        def __init__(self, path: str):
            super().__init__()
            self.path = path
            self.weight = nn.Parameter(torch.zeros(2))

        def forward(self, x):
            return x + self.weight

        @torch.jit.export
        def __getstate__(self) -> Tuple[str, bool, torch.Tensor]:
            return (self.path, self.training, self.weight)

        @torch.jit.export
        def __setstate__(self, state: Tuple[str, bool, torch.Tensor]) -> None:
            self.path = state[0]
            self.training = state[1]
            # the result is used, so that the compiler keeps the call
            self.weight = state[2] + torch.from_file(self.path, True, 2).fill_(0)

    class LoopModule(nn.Module):
        def __init__(self):
            super().__init__()
            self.n = 1

        def forward(self, x):
            return x

        @torch.jit.export
        def __getstate__(self) -> Tuple[int, bool]:
            return (self.n, self.training)

        @torch.jit.export
        def __setstate__(self, state: Tuple[int, bool]) -> None:
            self.n = state[0]
            self.training = state[1]
            while self.n > 0:
                self.n = self.n + 1 - 1

    def jit_bytes(module):
        b = io.BytesIO()
        torch.jit.save(torch.jit.script(module), b)
        # Rewritten without the .debug_pkl entries: they hold this script's absolute path, so the
        # bytes would depend on where the checkout lives (torch.jit.load does not need them); and
        # with a fixed serialization_id, which torch.jit.save draws at random.
        z = zipfile.ZipFile(io.BytesIO(b.getvalue()))
        return zip_bytes([Entry(i.filename, b"0" * 40 if i.filename.endswith("/.data/serialization_id")
                                else z.read(i.filename))
                          for i in z.infolist() if not i.filename.endswith(".debug_pkl")])

    for kind, ext in [("state_dict", "pt"), ("checkpoint", "ckpt")]:
        name = f"ts_sentinel_{kind}"
        case(f"{name}.{ext}", "torchscript", "refuse",
             f"torch.jit.save of a module whose __setstate__ creates {SENTINEL_PREFIX}{name} (torch.from_file shared)",
             jit_bytes(SentinelModule(SENTINEL_PREFIX + name)), kind=kind, armed="sentinel")
        case(f"ts_loop_{kind}.{ext}", "torchscript", "refuse",
             "torch.jit.save of a module whose __setstate__ loops forever", jit_bytes(LoopModule()), kind=kind,
             armed="hang")
    # a TorchScript archive holding only tensors, laid out like libtorch's serialize::OutputArchive (which
    # checkpoints of format dann4j-checkpoint-1 were): refused as a format, never handed to jit::load
    torch.manual_seed(SEED)
    plain = nn.Sequential(nn.Linear(2, 8))
    case("ts_plain_checkpoint.ckpt", "torchscript", "refuse", "a harmless torch.jit.save of nn.Sequential(Linear(2, 8))",
         jit_bytes(plain), kind="checkpoint")


def checkpoints():
    """Hostile files shaped like a new-format checkpoint: a dict with format 'dann4j-checkpoint-2' and a model."""
    items, records = baseline_parts()

    def ck(file, description, model_items, recs=None, extra=()):
        value = {"format": "dann4j-checkpoint-2", "model": OrderedDictValue(model_items), "step": 1}
        value.update(dict(extra))
        case(file, "checkpoint", "refuse", description, archive(pickle_of(value), records if recs is None else recs),
             kind="checkpoint")
    b_items, b_records = baseline_parts(corrupt={W: {"offset": 2 ** 20}})
    ck("ckpt_bounds_offset.ckpt", "a dann4j-checkpoint-2-like dict whose model tensor has offset 2^20", b_items,
       b_records)
    e_items, e_records = baseline_parts(corrupt={W: {"record": b""}})
    ck("ckpt_record_empty.ckpt", "the same with an empty record", e_items, e_records)
    n_items, n_records = baseline_parts(corrupt={W: {"offset": -1}})
    ck("ckpt_negative_offset.ckpt", "the same with offset -1", n_items, n_records)
    ck("ckpt_os_system.ckpt", "the same, with 'step' = os.system(...)", items,
       extra=[("step", sentinel_call("os.system", "ckpt_os_system"))])
    CASES[-1] = CASES[-1][:5] + ("sentinel",) + CASES[-1][6:]
    ck("ckpt_nesting.ckpt", f"the same, with 'step' = {NESTING} nested lists", items,
       extra=[("step", nested_list(NESTING))])
    ck("ckpt_step_huge.ckpt", "the same, with step 2^70", items, extra=[("step", 2 ** 70)])
    ck("ckpt_format_1.ckpt", "format 'dann4j-checkpoint-1' in the new layout", items,
       extra=[("format", "dann4j-checkpoint-1")])


# Files in the corpus that this script does not write, kept across runs and listed in the manifest:
# file -> (class, kind, expected, fits, description)
KEPT = {
    "legacy_dann4j_checkpoint_1.ckpt": (
        "torchscript", "checkpoint", "refuse",
        "no", "a checkpoint written by dann4j itself before issue 20 (commit 7d35e9a, format dann4j-checkpoint-1: "
              "libtorch's serialize::OutputArchive, a TorchScript archive), for the test model after one step; "
              "old checkpoints are refused with a message, never opened with jit::load"),
}


# --------------------------------------------------------------------------- checks and outputs

ARM_SCRIPT = r"""
import os, sys, torch
class Evil:
    def __init__(self, path=None):
        if path: open(path, 'w').close()
    def __setstate__(self, state):
        open(state['path'], 'w').close()
sys.modules['__main__'].Evil = Evil
path = sys.argv[1]
# torch.load's target for global_torch_load.pt: a pickle that runs os.system
open('dann4j-sentinel-torch_load.inner', 'wb').write(b"cos\nsystem\n(S'touch dann4j-sentinel-torch_load'\ntR.")
try:
    if sys.argv[2] == 'jit':
        torch.jit.load(path)
    else:
        torch.load(path, weights_only=False)
except BaseException as e:
    print('error', type(e).__name__, str(e)[:200])
"""


def armed_check(path, armed, name_hint):
    """Loads the file with an unsafe loader in a scratch folder: the attack must work there."""
    if armed == "-":
        return
    loader = "jit" if os.path.basename(path).startswith("ts_") else "pickle"
    with tempfile.TemporaryDirectory() as d:
        try:
            subprocess.run([sys.executable, "-c", ARM_SCRIPT, path, loader], cwd=d, timeout=20 if armed == "sentinel"
                           else 5, capture_output=True)
            hung = False
        except subprocess.TimeoutExpired:
            hung = True
        made = [f for f in os.listdir(d) if f.startswith(SENTINEL_PREFIX) and not f.endswith(".inner")]
    if armed == "sentinel" and not made:
        raise SystemExit(f"{path}: an unsafe load did not create a sentinel file; the case tests nothing")
    if armed == "hang" and not hung:
        raise SystemExit(f"{path}: an unsafe load returned; the endless loop case tests nothing")


def torch_outcome(path):
    try:
        obj = torch.load(path, weights_only=True)
        del obj
        return "loads"
    except Exception:
        return "refuses"


def rows_of(file, sd):
    rows = []
    for k, t in sd.items():
        d = t.detach().to(torch.float64).flatten()
        first = ",".join(repr(x) for x in d[:4].tolist())
        rows.append([file, k, str(t.dtype).replace("torch.", ""), "x".join(str(s) for s in t.shape) or "scalar",
                     repr(d.sum().item()), repr(d.abs().sum().item()), first or "-"])
    return rows


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        # TorchScript lists a module's constants in set order, which string hashing randomises per
        # process: run again with fixed hashing, so that a second run writes the same bytes
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    for old in os.listdir(OUT_DIR):
        if old.endswith((".pt", ".ckpt", ".gz", ".tsv")) and old not in KEPT:
            os.remove(os.path.join(OUT_DIR, old))
    for build in (valid_files, storage_bounds, storage_records, negatives, nesting, memo_cycles, unknown_globals,
                  rebuild_args, structure, bombs, formats, torchscript, checkpoints):
        build()
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)), "duplicate file names"
    manifest = [["file", "stored", "class", "kind", "expected", "fits", "armed", "torch", "description"]]
    expected = [["file", "key", "dtype", "shape", "sum", "abs_sum", "first"]]
    reference = torch.load(io.BytesIO(torch_save(tiny_state_dict())), weights_only=True)
    scratch = tempfile.mkdtemp(prefix="dann4j-hostile-")
    committed = 0
    for file, klass, kind, exp, fits, armed, description, data in CASES:
        path = os.path.join(scratch, file)
        with open(path, "wb") as f:
            f.write(data)
        # Large files that are not bombs (deep nesting: a few bytes per level) are committed gzipped;
        # the test unpacks them. Bombs stay as they are: their compression is the point.
        stored = file + ".gz" if len(data) > 64 * 1024 and klass != "bomb" else file
        blob = gzip.compress(data, compresslevel=9, mtime=0) if stored.endswith(".gz") else data
        with open(os.path.join(OUT_DIR, stored), "wb") as f:
            f.write(blob)
        committed += len(blob)
        armed_check(path, armed, file)
        outcome = torch_outcome(path)
        if exp in ("load", "either"):
            # torch's own weights_only reader refuses protocol 4 (FRAME); these files come from this
            # script and hold no globals beyond the allowed ones, so the unrestricted loader is safe here.
            # Where torch cannot read an 'either' file (a location it does not know, a flag of the wrong
            # type), a reader that loads it must give the test model's values.
            try:
                got = torch.load(path, weights_only=False)
            except Exception:
                assert exp == "either" and fits == "yes", file
                got = reference
            assert isinstance(got, dict), file
            expected.extend(rows_of(file, got))
            if fits == "yes":
                assert list(got) == list(reference), file
                for k in reference:
                    assert torch.equal(got[k].to(reference[k].dtype), reference[k]) or file == "valid_float64.pt", k
        manifest.append([file, stored, klass, kind, exp, fits, armed, outcome, description])
        assert "\t" not in description and "\n" not in description
    for file, (klass, kind, exp, fits, description) in KEPT.items():
        path = os.path.join(HERE, "..", "src", "test", "resources", "hostile", file)
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: it is kept in git, not written by this script")
        if os.path.abspath(os.path.dirname(path)) != os.path.abspath(OUT_DIR):
            shutil.copyfile(path, os.path.join(OUT_DIR, file))
        manifest.append([file, file, klass, kind, exp, fits, "-", torch_outcome(path), description])
    for name, rows in (("MANIFEST.tsv", manifest), ("EXPECTED.tsv", expected)):
        with open(os.path.join(OUT_DIR, name), "w") as f:
            for row in rows:
                f.write("\t".join(row) + "\n")
    shutil.rmtree(scratch)
    total = sum(len(c[7]) for c in CASES)
    by_class = collections.Counter(c[1] for c in CASES)
    print(f"wrote {len(CASES)} files ({total} bytes, {committed} as committed) to {OUT_DIR}")
    for k, n in by_class.items():
        print(f"  {k:16s} {n}")
    print(f"torch {torch.__version__}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
