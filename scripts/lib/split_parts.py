"""What each part that loads on demand needs, read off the chunk loader (`__wasm_split.js`)
that wasm-split writes: shared by scripts/size (sizes per part) and scripts/postbuild.py (the
route preload)."""

import re

# `const __chunk_7 = makeLoad(() => { ... "./chunk_7-<hash>.wasm" ... }, [deps]);` and
# `export const __wasm_split_load_<part> = wrapAsyncCb(makeLoad(... "./split_<part>-<hash>.wasm" ..., [deps]));`
_LOAD = re.compile(
    r"const (__chunk_\d+|__wasm_split_load_\w+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{.*?\"\./([^\"]+\.wasm)\".*?\n, \[([^\]]*)\]\)",
    re.S,
)


def part_files(loader: str) -> dict[str, list[str]]:
    """Each part's files (its own chunk and every shared chunk it needs, its own first), by
    the part's name, from the loader's text."""
    chunk_file, needs = {}, {}
    for name, file, deps in _LOAD.findall(loader):
        chunk_file[name] = file
        needs[name] = [d.strip() for d in deps.split(",") if d.strip()]
    out = {}
    for name in sorted(n for n in chunk_file if n.startswith("__wasm_split_load_")):
        wanted, todo = [], [name]
        while todo:
            n = todo.pop(0)
            if chunk_file[n] not in wanted:
                wanted.append(chunk_file[n])
                todo.extend(needs.get(n, []))
        out[name[len("__wasm_split_load_"):]] = wanted
    return out
