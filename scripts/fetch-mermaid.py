#!/usr/bin/env python3
"""Puts the pinned Mermaid 11 build where the build embeds it: Vendor/mermaid/mermaid.min.js (never committed).

    scripts/fetch-mermaid.py           # fetch when missing or not the pinned bytes; prints the path

Mermaid is the official 11.16.0 build (one classic script, so a site opened from file:// draws its diagrams) that
ships inside the PyPI wheel mermaidx==0.10.1. It is fetched once with `pip download --no-deps`, checked against a
pinned SHA-256, cached in ~/.cache/flowsite/ and copied into Vendor/. `make` runs this through
scripts/install-deps.sh; the EmbedAssets build plugin refuses to build without it.
"""
import hashlib, os, shutil, subprocess, sys, tempfile, zipfile

WHEEL = "mermaidx==0.10.1"
MEMBER = "mermaidx/assets/mermaid.js"
SHA256 = "74d7c46dabca328c2294733910a8aa1ed0c37451776e8d5295da38a2b758fb9b"  # Mermaid 11.16.0, as the wheel ships it
VERSION = "11.16.0"
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "flowsite", "mermaid-" + VERSION)
VENDORED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Vendor", "mermaid", "mermaid.min.js")


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pinned(wheel, member, sha256, cache, name):
    """A file from inside a PyPI wheel, fetched once with `pip download --no-deps`, checked against its pinned
    SHA-256 and kept in `cache`; refuses other bytes. Shared with Tests/Browser/check_a11y.py (axe-core)."""
    path = os.path.join(cache, name)
    if os.path.exists(path) and digest(path) == sha256:
        return path
    os.makedirs(cache, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", work, wheel], check=True)
        found = next(os.path.join(work, entry) for entry in os.listdir(work) if entry.endswith(".whl"))
        with zipfile.ZipFile(found) as archive, open(path + ".part", "wb") as out:
            out.write(archive.read(member))
    if digest(path + ".part") != sha256:
        os.unlink(path + ".part")
        sys.exit(f"{member} from {wheel} does not have the pinned SHA-256; refusing to use it")
    os.replace(path + ".part", path)
    return path


def cached():
    """The path of the cached mermaid.js, fetching it first when missing."""
    return pinned(WHEEL, MEMBER, SHA256, CACHE, "mermaid.js")


def vendored():
    """Vendor/mermaid/mermaid.min.js with the pinned bytes, copied from the cache when missing or different."""
    path = os.path.normpath(VENDORED)
    if os.path.exists(path) and digest(path) == SHA256:
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copyfile(cached(), path + ".part")
    os.replace(path + ".part", path)
    return path


if __name__ == "__main__":
    print(vendored())
