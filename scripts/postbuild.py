#!/usr/bin/env python3
"""Trunk's post-build step for Stageline, run after every build in Trunk's staging directory.

Trunk starts the hooks of one stage all at once, so the steps that depend on each other run
here in order, as one hook:

1. scripts/csp-hash.py completes index.html's Content-Security-Policy (the loader's hash and
   the workshop server).
2. The service worker: public/sw.js is written into the build as sw.js, with the list of every
   file of the build (the finished index.html included) and a hash of their names and contents
   (and of the worker's template) as its cache version, so a new release installs a new worker and cache (see public/sw.js).
3. Release builds only: a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy next to
   each text or wasm file, for hosts that serve precompressed files (scripts/serve and the
   tests' server do). A copy that is not smaller than its file is not written.

   python3 scripts/postbuild.py [DIR]     (Trunk sets TRUNK_STAGING_DIR; DIR otherwise, default dist)
"""

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "public", "sw.js")
WORKER = "sw.js"
VERSION_PLACEHOLDER = "__STAGELINE_SW_VERSION__"
FILES_PLACEHOLDER = "__STAGELINE_SW_FILES__"
# What is worth compressing: text and wasm (images other than SVG are compressed already).
COMPRESSED = (".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg", ".txt", ".xml", ".ico")
PRECOMPRESSED = (".br", ".gz")


def build_files(root: str) -> list[str]:
    """Every file of the build but dot files, as a sorted list of paths relative to `root` with `/`."""
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            # Dot files (Trunk's .gitkeep in copied folders) are no part of the app.
            if rel == WORKER or rel.endswith(PRECOMPRESSED) or name.startswith("."):
                continue
            found.append(rel)
    return sorted(found)


def version_of(root: str, files: list[str], worker: str) -> str:
    """A hash of the files' names and contents and of the worker's own code: changes whenever
    any of them does."""
    digest = hashlib.sha256(worker.encode("utf-8"))
    for rel in files:
        with open(os.path.join(root, rel), "rb") as f:
            content = hashlib.sha256(f.read()).hexdigest()
        digest.update(f"{rel}\0{content}\n".encode("utf-8"))
    return digest.hexdigest()[:16]


def write_worker(root: str) -> str:
    """Writes sw.js into `root` from the template; returns the cache version."""
    with open(TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    for placeholder in (VERSION_PLACEHOLDER, FILES_PLACEHOLDER):
        if template.count(placeholder) != 1:
            raise ValueError(f"{placeholder} must appear exactly once in {TEMPLATE}")
    files = build_files(root)
    if "index.html" not in files:
        raise ValueError(f"no index.html in {root}")
    version = version_of(root, files, template)
    worker = template.replace(VERSION_PLACEHOLDER, version).replace(FILES_PLACEHOLDER, json.dumps(files))
    with open(os.path.join(root, WORKER), "w", encoding="utf-8") as f:
        f.write(worker)
    print(f"postbuild: {WORKER} caches {len(files)} files as version {version}")
    return version


def brotli_bytes(data: bytes) -> bytes:
    """Brotli at quality 11: Python's module if installed, else the `brotli` command."""
    try:
        import brotli  # type: ignore[import-not-found]

        return brotli.compress(data, quality=11)
    except ImportError:
        pass
    tool = shutil.which("brotli")
    if tool is None:
        raise RuntimeError("no brotli: install Debian's package brotli (scripts/build does)")
    run = subprocess.run([tool, "-q", "11", "-c", "-"], input=data, capture_output=True, timeout=300, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"brotli failed: {run.stderr.decode(errors='replace').strip()}")
    return run.stdout


def compress_all(root: str) -> None:
    """Writes `.br` and `.gz` next to each text or wasm file that they make smaller."""
    total = [0, 0, 0]
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if not name.endswith(COMPRESSED):
                continue
            with open(path, "rb") as f:
                data = f.read()
            total[0] += len(data)
            for suffix, squeeze, slot in ((".gz", lambda d: gzip.compress(d, 9, mtime=0), 1), (".br", brotli_bytes, 2)):
                packed = squeeze(data)
                target = path + suffix
                if len(packed) < len(data):
                    with open(target, "wb") as f:
                        f.write(packed)
                    total[slot] += len(packed)
                else:
                    total[slot] += len(data)
                    if os.path.exists(target):
                        os.remove(target)
    print(f"postbuild: compressed {total[0]} bytes of text and wasm to {total[1]} gzip, {total[2]} brotli")


def main() -> int:
    root = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
    csp = subprocess.run([sys.executable, os.path.join(HERE, "csp-hash.py"), root], check=False)
    if csp.returncode != 0:
        return csp.returncode
    try:
        write_worker(root)
        if os.environ.get("TRUNK_PROFILE", "release") == "release":
            compress_all(root)
    except (OSError, ValueError, RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"postbuild: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
