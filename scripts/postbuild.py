#!/usr/bin/env python3
"""Trunk's post-build step for Stageline, run after every build in Trunk's staging directory.

Trunk starts the hooks of one stage all at once, so the steps that depend on each other run
here in order, as one hook:

0. The parts that load on demand (src/lazy.rs): the wasm chunks that the wasm-bindgen wrapper
   (scripts/lib/wasm-split/wasm-bindgen) cut out of the app go into the build under names with
   a hash of their contents (after `wasm-opt -Oz`, in parallel, for release builds), and so
   does their loader `__wasm_split.js`; the main script's import of the loader and its
   `integrity` in index.html are updated to match, so a cache can never pair files of two
   releases.
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

import base64
import concurrent.futures
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from split_parts import part_files  # noqa: E402

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


# What wasm-split calls the loader of the chunks, and how the main script imports it.
SPLIT_LOADER = "__wasm_split.js"
# The import the split points leave in a module that was not split (the build would not run).
SPLIT_PLACEHOLDER = b"__wasm_split_placeholder__"


def content_hash(data: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of `data`: what goes into a hashed file name."""
    return hashlib.sha256(data).hexdigest()[:16]


def split_dir() -> str:
    """Where the wasm-bindgen wrapper left the chunks: Trunk's wasm-bindgen output folder,
    `<cargo target dir>/wasm-bindgen/<profile>/wasm-split`."""
    profile = os.environ.get("TRUNK_PROFILE", "release")
    source = os.environ.get("TRUNK_SOURCE_DIR") or os.path.join(HERE, "..")
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(source, "target")
    return os.path.join(target, "wasm-bindgen", profile, "wasm-split")


def optimize_chunk(src: str, out: str, release: bool) -> bytes:
    """Writes chunk `src` to `out` (wasm-opt -Oz for release builds, as Trunk does for the main
    module) and returns its bytes."""
    if release:
        # wasm-opt warns about a name subsection wasm-split writes that it does not know: harmless.
        run = subprocess.run(["wasm-opt", "-Oz", src, "-o", out], capture_output=True, timeout=900, check=False)
        if run.returncode != 0:
            raise RuntimeError(f"wasm-opt failed on {os.path.basename(src)}: {run.stderr.decode(errors='replace').strip()}")
    else:
        shutil.copyfile(src, out)
    with open(out, "rb") as f:
        return f.read()


def set_integrity(html: str, name: str, data: bytes) -> str:
    """Rewrites the `integrity` of every tag of `html` that refers to `/name` to the SHA-384
    of `data` (what Trunk writes, for the main script's modulepreload link)."""
    digest = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")
    tag = re.compile(r"<[^>]*[\"'/]" + re.escape(name) + r"[\"'][^>]*>")

    def fix(m: re.Match) -> str:
        return re.sub(r'integrity="[^"]*"', f'integrity="{digest}"', m.group(0))

    return tag.sub(fix, html)


# The pages that are parts of their own, by the start of the address fragment that shows them
# (`Route::parse` in src/route.rs): a page's chunks are asked for by index.html itself, at the
# same time as the main module, instead of once the main module runs. `""` is an address
# without a fragment, which shows the library page unless a blueprint was open last
# (`start_route` in src/app.rs; `stageline:v1:last` is its key in the library).
ROUTE_PARTS = [
    ("#/view/", "viewer"),
    ("#/compare/", "comparison"),
    ("#/room?", "join"),
    ("#/", "home"),
    ("", "home"),
]
LAST_KEY = "stageline:v1:last"


def route_preload(parts: dict[str, list[str]]) -> str:
    """The inline script that preloads the chunks of the page the address shows, before the
    main module runs (the route is in the fragment, which no server sees)."""
    table = [(prefix, parts[part]) for prefix, part in ROUTE_PARTS if part in parts]
    if not table:
        return ""
    return (
        "<script>(function(){try{var h=location.hash,t=" + json.dumps(table, separators=(",", ":"))
        + ",f=null;if(h===\"#\")h=\"\";for(var i=0;i<t.length;i++){var p=t[i][0];"
        + "if(p===\"\"?h===\"\"&&!localStorage.getItem(" + json.dumps(LAST_KEY) + "):"
        + "p===\"#/\"?h===p:h.indexOf(p)===0){f=t[i][1];break}}"
        + "(f||[]).forEach(function(u){var l=document.createElement(\"link\");l.rel=\"preload\";"
        + "l.as=\"fetch\";l.crossOrigin=\"anonymous\";l.href=u;document.head.appendChild(l)})"
        + "}catch(e){}})()</script>"
    )


def place_split_chunks(root: str) -> list[tuple[str, int]]:
    """Step 0: places the chunks and their loader into the build (see the module's doc) and
    returns each placed file's name and size. Does nothing for a module that was not split."""
    scripts = [n for n in os.listdir(root) if re.fullmatch(r"stageline-[0-9a-f]+\.js", n)]
    modules = [n for n in os.listdir(root) if re.fullmatch(r"stageline-[0-9a-f]+_bg\.wasm", n)]
    if not scripts and not modules:
        return []  # not an app build (the tests run this step on folders of their own)
    if len(scripts) != 1 or len(modules) != 1:
        raise ValueError(f"expected one stageline-*.js and one stageline-*_bg.wasm in {root}, found {scripts + modules}")
    main_js, main_wasm = scripts[0], modules[0]
    with open(os.path.join(root, main_wasm), "rb") as f:
        if SPLIT_PLACEHOLDER in f.read():
            raise ValueError(
                f"{main_wasm} still imports {SPLIT_PLACEHOLDER.decode()}: the module was not split "
                "(is scripts/lib/wasm-split first on PATH, and does wasm-split-cli read this Leptos?)"
            )
    with open(os.path.join(root, main_js), encoding="utf-8") as f:
        script = f.read()
    # The import statements only: the same string is also the module name the wasm's own
    # imports use (the keys of the imports object), which must stay as it is.
    importer = f'from "./{SPLIT_LOADER}"'
    if importer not in script:
        return []
    folder = split_dir()
    loader_path = os.path.join(folder, SPLIT_LOADER)
    if not os.path.exists(loader_path):
        raise ValueError(f"{main_js} imports {SPLIT_LOADER} but there is no {loader_path}")
    with open(loader_path, encoding="utf-8") as f:
        loader = f.read()
    if loader.count('"./stageline.js"') != 1:
        raise ValueError(f"{SPLIT_LOADER} does not import ./stageline.js exactly once")
    loader = loader.replace('"./stageline.js"', f'"./{main_js}"')
    release = os.environ.get("TRUNK_PROFILE", "release") == "release"
    chunks = sorted(n for n in os.listdir(folder) if n.endswith(".wasm") and n != "stageline.wasm")
    placed = []
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = {
            name: pool.submit(optimize_chunk, os.path.join(folder, name), os.path.join(root, "." + name), release)
            for name in chunks
        }
        for name in chunks:
            data = jobs[name].result()
            hashed = f"{name[:-5]}-{content_hash(data)}.wasm"
            os.replace(os.path.join(root, "." + name), os.path.join(root, hashed))
            if loader.count(f'"./{name}"') != 1:
                raise ValueError(f"{name} is not named exactly once in {SPLIT_LOADER}")
            loader = loader.replace(f'"./{name}"', f'"./{hashed}"')
            placed.append((hashed, len(data)))
    loader_bytes = loader.encode("utf-8")
    loader_name = f"__wasm_split-{content_hash(loader_bytes)}.js"
    with open(os.path.join(root, loader_name), "wb") as f:
        f.write(loader_bytes)
    placed.append((loader_name, len(loader_bytes)))
    # wasm-bindgen writes one import of the loader per split point.
    script_bytes = script.replace(importer, f'from "./{loader_name}"').encode("utf-8")
    with open(os.path.join(root, main_js), "wb") as f:
        f.write(script_bytes)
    index = os.path.join(root, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    preload = route_preload(part_files(loader))
    if preload:
        if "</head>" not in html:
            raise ValueError("index.html has no </head> for the route preload")
        html = html.replace("</head>", preload + "</head>", 1)
    with open(index, "w", encoding="utf-8") as f:
        f.write(set_integrity(html, main_js, script_bytes))
    print(f"postbuild: placed {len(chunks)} wasm chunks and their loader {loader_name}")
    return placed


def main() -> int:
    root = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
    try:
        place_split_chunks(root)
    except (OSError, ValueError, RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"postbuild: {e}", file=sys.stderr)
        return 1
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
