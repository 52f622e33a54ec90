#!/usr/bin/env python3
"""Runs every Mermaid diagram of rendered sites through the real Mermaid 11 in headless Chromium, offline:
each diagram goes through mermaid.parse and mermaid.render, as the page's own script would run it.

    check_mermaid.py --fetch                 # fill the cache and print the path of mermaid.js
    check_mermaid.py [-q] PATH...            # .html (<pre class="mermaid">) and .md (```mermaid fences), folders searched

Mermaid is the official 11.16.0 build (one classic script, so it also runs from file://) that ships inside the PyPI
wheel mermaidx==0.10.1, the same bytes the site embeds (scripts/fetch-mermaid.py fetches it once with
`pip download --no-deps`, checks a pinned SHA-256 and keeps it in ~/.cache/flowsite/, never in the repository). Prints `ok FILE#N (type)` or `error FILE#N: message` per diagram,
then `N passed, M failed`; exit 1 when any failed, 2 when Chromium or Mermaid is missing.
"""
import html, html.parser, json, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
fetch_mermaid = __import__("fetch-mermaid")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[ \t]*mermaid[ \t]*$")


def mermaid_js():
    """The path of the pinned mermaid.js (scripts/fetch-mermaid.py fetches and checks it)."""
    return fetch_mermaid.cached()


class MermaidBlocks(html.parser.HTMLParser):
    """The text of every element with class `mermaid`, entities decoded, as the page's script reads textContent."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.depth, self.current = [], 0, None

    def handle_starttag(self, tag, attrs):
        if self.current is not None:
            self.depth += 1
        elif "mermaid" in (dict(attrs).get("class") or "").split():
            self.current, self.depth = [], 1

    def handle_endtag(self, tag):
        if self.current is None:
            return
        self.depth -= 1
        if self.depth == 0:
            self.blocks.append("".join(self.current))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def diagrams(path):
    """(label, source) for every diagram in one file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".html"):
        parser = MermaidBlocks()
        parser.feed(text)
        return [(f"{path}#{i + 1}", block) for i, block in enumerate(parser.blocks)]
    found, lines, index = [], text.split("\n"), 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, body, index = match.group(1), [], index + 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index])
            index += 1
        found.append((f"{path}#{len(found) + 1}", "\n".join(body)))
        index += 1
    return found


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, folders, names in os.walk(path):
                folders[:] = sorted(name for name in folders if not name.startswith("."))
                for name in sorted(names):
                    if name.endswith((".html", ".md")):
                        yield os.path.join(root, name)
        else:
            yield path


HARNESS = """<!doctype html><meta charset="utf-8"><title>mermaid check</title>
<script src="%s"></script>
<pre id="results"></pre>
<script>
const diagrams = %s;
(async () => {
  const results = [];
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    for (const [index, source] of diagrams.entries()) {
      try {
        const parsed = await mermaid.parse(source);
        const { svg } = await mermaid.render("diagram" + index, source);
        results.push({ ok: svg.includes("<svg"), type: parsed.diagramType || "?" });
      } catch (error) {
        results.push({ ok: false, error: String((error && error.message) || error) });
      }
    }
  } catch (error) {
    results.push({ ok: false, error: "Mermaid did not start: " + error });
  }
  document.getElementById("results").textContent = JSON.stringify(results);
})();
</script>
"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    print("check_mermaid: no Chromium (Debian: apt-get install -y chromium; `make test` installs it)", file=sys.stderr)
    sys.exit(2)


def run(browser, script, sources):
    """Mermaid's verdict on each source, in order; a diagram the page did not get to is a failure, never a pass."""
    with tempfile.TemporaryDirectory() as work:
        harness = os.path.join(work, "harness.html")
        with open(harness, "w", encoding="utf-8") as f:
            f.write(HARNESS % ("file://" + script, json.dumps(sources).replace("</", "<\\/")))
        command = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                   "--allow-file-access-from-files", "--user-data-dir=" + os.path.join(work, "profile"),
                   "--virtual-time-budget=600000", "--dump-dom", "file://" + harness]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    match = re.search(r'<pre id="results">(.*?)</pre>', result.stdout, re.S)
    verdicts = json.loads(html.unescape(match.group(1))) if match and match.group(1) else []
    missing = {"ok": False, "error": "not checked (the page did not finish; Chromium said: %s)" % result.stderr.strip()[-300:]}
    return verdicts + [missing] * (len(sources) - len(verdicts))


def main(argv):
    if argv[:1] == ["--fetch"]:
        print(mermaid_js())
        return 0
    quiet = "-q" in argv
    paths = [a for a in argv if a != "-q"]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    browser, script = chromium(), mermaid_js()
    found = [d for path in files(paths) for d in diagrams(path)]
    passed = failed = 0
    for start in range(0, len(found), 200):  # one browser per batch keeps a huge site within one page's memory
        batch = found[start:start + 200]
        for (label, _), verdict in zip(batch, run(browser, script, [source for _, source in batch])):
            if verdict["ok"]:
                passed += 1
                if not quiet:
                    print(f"ok {label} ({verdict['type']})")
            else:
                failed += 1
                print(f"error {label}: {' '.join(verdict.get('error', 'no SVG').split())}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
