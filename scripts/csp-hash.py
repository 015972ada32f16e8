#!/usr/bin/env python3
"""Trunk post-build hook: complete the page's Content-Security-Policy and workshop server.

1. Inline scripts. Trunk starts the app with one small inline <script type="module"> (and
   `trunk serve` adds its reload script). Rather than weakening script-src with
   'unsafe-inline', this hook hashes every inline script of the built index.html and writes
   the hashes where index.html has the placeholder 'sha256-TRUNK_LOADER_HASH'.
2. The workshop server. The app reads its default live-workshop server from
   <meta name="stageline-workshop-server">, and the policy's connect-src must allow that
   server and nothing else. Both hold the placeholder __STAGELINE_WORKSHOP_SERVER__, which
   becomes the build variable STAGELINE_WORKSHOP_SERVER (default ws://127.0.0.1:8081).
   The address must be a ws:// or wss:// origin (a host and an optional port, no path,
   query, fragment or credentials), so it can stand in the policy as it is; anything else
   fails the build with a message saying what is wrong.

It fails loudly if a placeholder is missing, so a page can never ship with a policy that
blocks its own loader or names no server. `csp-hash.py --check URL` only checks an address
(scripts/build does so before building, to fail in a second rather than after minutes).
"""

import base64
import hashlib
import ipaddress
import os
import re
import sys

PLACEHOLDER = "'sha256-TRUNK_LOADER_HASH'"
SERVER_PLACEHOLDER = "__STAGELINE_WORKSHOP_SERVER__"
# The meta tag and connect-src: the placeholder appears exactly this often in index.html.
SERVER_PLACEHOLDER_COUNT = 2
DEFAULT_SERVER = "ws://127.0.0.1:8081"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
# One DNS label: letters, digits and inner hyphens, at most 63 characters.
LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
ORIGIN = re.compile(r"^(ws|wss)://(\[[0-9a-f:.]+\]|[^/:\[\]]+)(?::([0-9]{1,5}))?/?$")


def workshop_origin(url: str) -> str:
    """The address as it goes into the page (lower case, no trailing slash), or ValueError.

    Accepts ws:// or wss://, then a host name, an IPv4 address or an [IPv6] address, then an
    optional port 1-65535 and at most a trailing "/". Refuses everything that could widen or
    break the policy: wildcards, paths, queries, fragments, user names, quotes, spaces,
    semicolons and commas.
    """
    text = url.strip()
    m = ORIGIN.match(text.lower())
    if not m:
        raise ValueError(
            f"STAGELINE_WORKSHOP_SERVER={url!r} is not a workshop server address: use ws://host:port "
            "or wss://host:port (a host and an optional port, nothing after them), "
            f"for example {DEFAULT_SERVER}"
        )
    scheme, host, port = m.groups()
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise ValueError(f"STAGELINE_WORKSHOP_SERVER={url!r}: {host} is not an IPv6 address") from None
    else:
        labels = host.split(".")
        if len(host) > 253 or not all(LABEL.match(label) for label in labels):
            raise ValueError(
                f"STAGELINE_WORKSHOP_SERVER={url!r}: {host!r} is not a host name or IPv4 address "
                "(letters, digits, hyphens and dots only)"
            )
        if all(label.isdigit() for label in labels):
            try:
                ipaddress.IPv4Address(host)
            except ValueError:
                raise ValueError(f"STAGELINE_WORKSHOP_SERVER={url!r}: {host} is not an IPv4 address") from None
    if port is not None and not 1 <= int(port) <= 65535:
        raise ValueError(f"STAGELINE_WORKSHOP_SERVER={url!r}: port {port} is not between 1 and 65535")
    return f"{scheme}://{host}" + (f":{int(port)}" if port is not None else "")


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        try:
            print(workshop_origin(sys.argv[2]))
        except ValueError as e:
            print(f"csp-hash: {e}", file=sys.stderr)
            return 1
        return 0
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"csp-hash: {PLACEHOLDER} not found in {path}", file=sys.stderr)
        return 1
    found = html.count(SERVER_PLACEHOLDER)
    if found != SERVER_PLACEHOLDER_COUNT:
        print(
            f"csp-hash: {SERVER_PLACEHOLDER} found {found} times in {path}, expected "
            f"{SERVER_PLACEHOLDER_COUNT} (the workshop server's meta tag and connect-src)",
            file=sys.stderr,
        )
        return 1
    try:
        server = workshop_origin(os.environ.get("STAGELINE_WORKSHOP_SERVER") or DEFAULT_SERVER)
    except ValueError as e:
        print(f"csp-hash: {e}", file=sys.stderr)
        return 1
    hashes = []
    for body in INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    if not hashes:
        print("csp-hash: no inline script found; removing the placeholder", file=sys.stderr)
    html = html.replace(PLACEHOLDER, " ".join(hashes)).replace(SERVER_PLACEHOLDER, server)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp-hash: allowed {len(hashes)} inline script(s) and the workshop server {server} in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
