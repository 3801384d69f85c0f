#!/usr/bin/env python3
"""Provision the NVIDIA CUDA and cuDNN runtime libraries that bytedeco's GPU libtorch needs.

bytedeco's ``linux-x86_64-gpu`` pytorch jar holds libtorch built against CUDA 13.1 and cuDNN 9.19
but not those libraries; its ``org.bytedeco:cuda`` ``-redist`` jars are not on Maven Central for
1.5.12 and later. This script takes the same libraries from NVIDIA's wheels on PyPI, pinned below
(CUDA 13.1 Update 1, cuDNN 9.19.0, NCCL 2.29.3), once, into ``$DANN4J_CACHE/cuda-<versions>/lib``
(default ``~/.cache/dann4j``), records what was downloaded in ``MANIFEST.json`` and deletes the
wheels. With ``--cuda-home`` (or ``DANN4J_CUDA_HOME``) it downloads nothing and only checks that
folder.

Prints the library folder as the last line of standard output. Exit status 0 on success; on
failure one line on standard error that names what is missing.
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

from dann4j_cache import default_cache_root, publish, sha256_of

CUDA_VERSION = "13.1.1"
CUDNN_VERSION = "9.19.0"
NCCL_VERSION = "2.29.3"
FOLDER = "cuda-%s-cudnn-%s" % (CUDA_VERSION, CUDNN_VERSION)

# The wheel of each library in CUDA 13.1 Update 1 (released together on 2026-01-13), the cuDNN
# 9.19 and NCCL builds for CUDA 13.
WHEELS = (
    "nvidia-cuda-runtime==13.1.80",
    "nvidia-cuda-cupti==13.1.115",
    "nvidia-cuda-nvrtc==13.1.115",
    "nvidia-nvjitlink==13.1.115",
    "nvidia-cublas==13.2.1.1",
    "nvidia-cufft==12.1.0.78",
    "nvidia-curand==10.4.1.81",
    "nvidia-cusolver==12.0.9.81",
    "nvidia-cusparse==12.7.3.1",
    "nvidia-cufile==1.16.1.26",
    "nvidia-cudnn-cu13==9.19.0.56",
    "nvidia-nccl-cu13==" + NCCL_VERSION,
)

# Every library bytedeco's libtorch_cpu, libtorch_cuda, libtorch_cuda_linalg and its JNI glue name
# (DT_NEEDED), and the ones those load themselves (nvJitLink, nvrtc, cuDNN's parts). The Java
# loader (io.github.dann4j.internal.CudaLibraries) loads the same list in this order.
REQUIRED = (
    "libcudart.so.13", "libnvJitLink.so.13", "libnvrtc.so.13", "libcublasLt.so.13", "libcublas.so.13",
    "libcufft.so.12", "libcurand.so.10", "libcusparse.so.12", "libcusolver.so.12", "libcufile.so.0",
    "libcupti.so.13", "libnccl.so.2", "libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9",
    "libcudnn_adv.so.9", "libcudnn_engines_precompiled.so.9", "libcudnn_engines_runtime_compiled.so.9",
    "libcudnn_heuristic.so.9", "libcudnn.so.9",
)


# pip takes a wheel only for a platform tag named here; NVIDIA's wheels carry manylinux tags from
# glibc 2.12 to 2.28 (libtorch itself needs 2.28).
PLATFORMS = [option for minor in range(28, 11, -1) for option in ("--platform", "manylinux_2_%d_x86_64" % minor)]


def log(message):
    print("dann4j-cuda: " + message, file=sys.stderr, flush=True)


def fail(message):
    print("dann4j-cuda: " + message, file=sys.stderr, flush=True)
    raise SystemExit(1)


def missing_in(lib_dir):
    return [name for name in REQUIRED if not os.path.isfile(os.path.join(lib_dir, name))]


def library_folder_of(cuda_home):
    """The folder of a CUDA installation that holds libcudart.so.13: lib64, lib or itself."""
    for sub in ("lib64", "lib", "targets/x86_64-linux/lib", ""):
        candidate = os.path.join(cuda_home, sub)
        if os.path.isfile(os.path.join(candidate, "libcudart.so.13")):
            return os.path.normpath(candidate)
    return os.path.normpath(os.path.join(cuda_home, "lib64"))


def checked_cuda_home(cuda_home):
    if not os.path.isdir(cuda_home):
        fail("DANN4J_CUDA_HOME=%s is not a folder" % cuda_home)
    lib_dir = library_folder_of(cuda_home)
    missing = missing_in(lib_dir)
    if missing:
        fail("DANN4J_CUDA_HOME=%s lacks %s (in %s); the GPU libtorch needs CUDA 13 and cuDNN 9 there, "
             "or unset DANN4J_CUDA_HOME to provision them" % (cuda_home, ", ".join(missing), lib_dir))
    return lib_dir


def download_wheels(into):
    if platform.machine().lower() not in ("x86_64", "amd64"):
        fail("bytedeco's GPU libtorch is built for linux-x86_64 only, not %r" % platform.machine())
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir",
               "--only-binary=:all:", "--implementation", "cp", "--python-version", "3.12",
               "--dest", into] + PLATFORMS + list(WHEELS)
    log("downloading NVIDIA's CUDA %s and cuDNN %s wheels once (about 1.7 GB): %s"
        % (CUDA_VERSION, CUDNN_VERSION, " ".join(command)))
    started = time.time()
    result = subprocess.run(command, stdout=sys.stderr, stderr=sys.stderr)
    if result.returncode != 0:
        fail("pip could not download the CUDA wheels (exit %d); install pip, check the network, or set "
             "DANN4J_CUDA_HOME to a CUDA 13 installation with cuDNN 9" % result.returncode)
    wheels = sorted(os.path.join(into, f) for f in os.listdir(into) if f.endswith(".whl"))
    if len(wheels) != len(WHEELS):
        fail("expected %d wheels in %s, found %d" % (len(WHEELS), into, len(wheels)))
    log("downloaded %d wheels (%.0f MB) in %.0f s"
        % (len(wheels), sum(os.path.getsize(w) for w in wheels) / 1e6, time.time() - started))
    return wheels


def extract_libraries(wheel, lib_dir):
    """Copies the wheel's nvidia/**/lib/lib*.so* files, flat, into lib_dir; returns their bytes."""
    kept = 0
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            parts = info.filename.split("/")
            if info.is_dir() or parts[0] != "nvidia" or len(parts) < 3 or parts[-2] != "lib":
                continue
            name = parts[-1]
            if not name.startswith("lib") or ".so" not in name or name in ("", ".", ".."):
                continue
            with archive.open(info) as source, open(os.path.join(lib_dir, name), "wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
            kept += info.file_size
    return kept


def provision(cache_root, wheels=None):
    target = os.path.join(cache_root, FOLDER)
    lib_dir = os.path.join(target, "lib")
    if os.path.isfile(os.path.join(target, "MANIFEST.json")):
        missing = missing_in(lib_dir)
        if missing:
            fail("the cached %s lacks %s; delete that folder to provision it again" % (target, ", ".join(missing)))
        return lib_dir
    os.makedirs(cache_root, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".provision-cuda-", dir=cache_root)
    try:
        paths = wheels or download_wheels(work)
        staging = os.path.join(work, "staging")
        os.makedirs(os.path.join(staging, "lib"))
        records = []
        kept = 0
        for wheel in paths:
            kept += extract_libraries(wheel, os.path.join(staging, "lib"))
            records.append({"wheel": os.path.basename(wheel), "bytes": os.path.getsize(wheel),
                            "sha256": sha256_of(wheel)})
        missing = missing_in(os.path.join(staging, "lib"))
        if missing:
            fail("the wheels lack %s" % ", ".join(missing))
        manifest = {
            "cuda_version": CUDA_VERSION,
            "cudnn_version": CUDNN_VERSION,
            "nccl_version": NCCL_VERSION,
            "wheels": records,
            "downloaded_bytes": sum(r["bytes"] for r in records),
            "kept_bytes": kept,
        }
        publish(staging, target, manifest)
        log("kept %.0f MB of libraries from %.0f MB of wheels in %s"
            % (kept / 1e6, manifest["downloaded_bytes"] / 1e6, lib_dir))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return lib_dir


def write_properties(path, lib_dir, origin):
    """The build's record of where the libraries are, read by the Java loader at run time."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = ["# written by cmake/fetch_cuda_libs.py", "dir=" + lib_dir, "origin=" + origin,
             "cuda=" + CUDA_VERSION, "cudnn=" + CUDNN_VERSION, "libraries=" + ",".join(REQUIRED)]
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", default=default_cache_root(),
                        help="cache root (default: $DANN4J_CACHE or $XDG_CACHE_HOME/dann4j or ~/.cache/dann4j)")
    parser.add_argument("--cuda-home", default=os.environ.get("DANN4J_CUDA_HOME") or None,
                        help="a CUDA 13 installation with cuDNN 9 to use instead (default: $DANN4J_CUDA_HOME)")
    parser.add_argument("--wheel", action="append", help="use these downloaded wheels instead of pip")
    parser.add_argument("--properties", help="also write the folder found to this properties file")
    args = parser.parse_args()
    if args.cuda_home:
        lib_dir = checked_cuda_home(os.path.abspath(args.cuda_home))
        origin = "DANN4J_CUDA_HOME"
    else:
        lib_dir = provision(os.path.abspath(args.cache_dir), args.wheel)
        origin = "NVIDIA's wheels, cached"
    if args.properties:
        write_properties(args.properties, lib_dir, origin)
    log("CUDA %s and cuDNN %s libraries (%s) at %s" % (CUDA_VERSION, CUDNN_VERSION, origin, lib_dir))
    print(lib_dir)


if __name__ == "__main__":
    main()
