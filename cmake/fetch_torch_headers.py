#!/usr/bin/env python3
"""Provision the libtorch C++ headers of one exact PyTorch release into a cache outside the repo.

bytedeco's pytorch jars ship the libtorch shared libraries but no headers, so the native op is
compiled against the headers of PyTorch's own wheel of the same version. The wheel is large (it
bundles CUDA kernels); we download it once, keep only ``torch/include`` and ``torch/version.py``,
record what was downloaded in ``MANIFEST.json`` and delete the wheel.

Prints the include directory as the last line of standard output. Exit status 0 on success.
"""
import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

from dann4j_cache import default_cache_root, publish, sha256_of

KEEP_PREFIX = "torch/include/"
KEEP_FILES = ("torch/version.py",)


def log(message):
    print("dann4j-headers: " + message, file=sys.stderr, flush=True)


def header_version(include_dir):
    """Reads TORCH_VERSION_{MAJOR,MINOR,PATCH} from the headers themselves."""
    candidates = [
        os.path.join(include_dir, "torch", "headeronly", "version.h"),
        os.path.join(include_dir, "torch", "csrc", "api", "include", "torch", "version.h"),
    ]
    for path in candidates:
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        parts = [re.search(r"#define\s+TORCH_VERSION_%s\s+(\d+)" % p, text) for p in ("MAJOR", "MINOR", "PATCH")]
        if all(parts):
            return ".".join(m.group(1) for m in parts)
    return None


def wheel_platform_tag():
    machine = platform.machine().lower()
    if machine in ("x86_64", "amd64"):
        return "manylinux_2_28_x86_64"
    if machine in ("aarch64", "arm64"):
        return "manylinux_2_28_aarch64"
    raise SystemExit("dann4j-headers: no PyTorch Linux wheel for machine type %r; point "
                     "DANN4J_LIBTORCH_HOME at an official libtorch folder instead" % machine)


def download_wheel(version, into):
    # Fixed interpreter tags: the headers are the same in every CPython wheel of a release, and a
    # fixed choice makes the download identical on every machine whatever python3 runs this.
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir",
               "--only-binary=:all:", "--implementation", "cp", "--python-version", "3.12",
               "--platform", wheel_platform_tag(), "--dest", into, "torch==" + version]
    log("downloading the torch==%s wheel once (about 0.9 GB): %s" % (version, " ".join(command)))
    started = time.time()
    result = subprocess.run(command, stdout=sys.stderr, stderr=sys.stderr)
    if result.returncode != 0:
        raise SystemExit("dann4j-headers: pip could not download torch==%s (exit %d); install pip, check "
                         "the network, or set DANN4J_LIBTORCH_HOME to an official libtorch %s folder"
                         % (version, result.returncode, version))
    wheels = [f for f in os.listdir(into) if f.endswith(".whl")]
    if len(wheels) != 1:
        raise SystemExit("dann4j-headers: expected one wheel in %s, found %r" % (into, wheels))
    log("downloaded %s in %.0f s" % (wheels[0], time.time() - started))
    return os.path.join(into, wheels[0])


def extract_headers(wheel, into):
    kept_files = 0
    kept_bytes = 0
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or not (name.startswith(KEEP_PREFIX) or name in KEEP_FILES):
                continue
            if ".." in name.split("/") or name.startswith("/"):
                raise SystemExit("dann4j-headers: refusing unsafe path %r in %s" % (name, wheel))
            archive.extract(info, into)
            kept_files += 1
            kept_bytes += info.file_size
    return kept_files, kept_bytes


def provision(version, cache_root, wheel=None):
    target = os.path.join(cache_root, "torch-headers-" + version)
    include_dir = os.path.join(target, "torch", "include")
    if os.path.isfile(os.path.join(target, "MANIFEST.json")):
        return include_dir
    os.makedirs(cache_root, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".provision-", dir=cache_root)
    try:
        wheel_path = wheel or download_wheel(version, work)
        staging = os.path.join(work, "staging")
        files, size = extract_headers(wheel_path, staging)
        found = header_version(os.path.join(staging, "torch", "include"))
        if found != version:
            raise SystemExit("dann4j-headers: %s holds libtorch headers of version %s, expected %s"
                             % (os.path.basename(wheel_path), found, version))
        manifest = {
            "torch_version": version,
            "wheel": os.path.basename(wheel_path),
            "wheel_bytes": os.path.getsize(wheel_path),
            "wheel_sha256": sha256_of(wheel_path),
            "kept_files": files,
            "kept_bytes": size,
        }
        publish(staging, target, manifest)
        log("kept %d header files (%.1f MB) of a %.1f MB wheel in %s"
            % (files, size / 1e6, manifest["wheel_bytes"] / 1e6, target))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return include_dir


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True, help="exact PyTorch version, e.g. 2.10.0")
    parser.add_argument("--cache-dir", default=default_cache_root(),
                        help="cache root (default: $DANN4J_CACHE or $XDG_CACHE_HOME/dann4j or ~/.cache/dann4j)")
    parser.add_argument("--wheel", help="use this already downloaded torch wheel instead of pip")
    args = parser.parse_args()
    if not re.fullmatch(r"\d+\.\d+\.\d+", args.version):
        raise SystemExit("dann4j-headers: --version must look like 2.10.0, got %r" % args.version)
    include_dir = provision(args.version, os.path.abspath(args.cache_dir), args.wheel)
    log("libtorch headers %s (TORCH_VERSION %s) at %s"
        % (args.version, header_version(include_dir), include_dir))
    print(include_dir)


if __name__ == "__main__":
    main()
