"""What the two provisioning scripts (fetch_torch_headers.py, fetch_cuda_libs.py) share: the cache
folder, wheel checksums, and publishing a provisioned folder with its MANIFEST.json atomically."""
import hashlib
import json
import os
import time


def default_cache_root():
    """$DANN4J_CACHE, else $XDG_CACHE_HOME/dann4j, else ~/.cache/dann4j."""
    explicit = os.environ.get("DANN4J_CACHE")
    if explicit:
        return explicit
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(xdg, "dann4j")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def publish(staging, target, manifest):
    """Writes manifest (plus the time) into staging as MANIFEST.json and renames staging to target.

    The rename is atomic: a half-extracted cache is never visible. When another process published
    target first, its copy stands and staging is left for the caller to delete.
    """
    manifest = dict(manifest, provisioned_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    with open(os.path.join(staging, "MANIFEST.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    try:
        os.rename(staging, target)
    except OSError:
        if not os.path.isfile(os.path.join(target, "MANIFEST.json")):
            raise
    return manifest
