#!/usr/bin/env python3
"""Trunk post-build hook: allow exactly the page's inline scripts in its Content-Security-Policy.

Trunk starts the app with one small inline <script type="module"> (and `trunk serve` adds its
reload script). Rather than weakening script-src with 'unsafe-inline', this hook hashes every
inline script of the built index.html and writes the hashes where index.html has the
placeholder 'sha256-TRUNK_LOADER_HASH'. It fails loudly if the placeholder is missing, so a
page can never ship with a policy that blocks its own loader.
"""

import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'sha256-TRUNK_LOADER_HASH'"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"csp-hash: {PLACEHOLDER} not found in {path}", file=sys.stderr)
        return 1
    hashes = []
    for body in INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    if not hashes:
        print("csp-hash: no inline script found; removing the placeholder", file=sys.stderr)
    html = html.replace(PLACEHOLDER, " ".join(hashes))
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp-hash: allowed {len(hashes)} inline script(s) in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
