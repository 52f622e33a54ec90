#!/usr/bin/env python3
"""Opens every HTML page of rendered sites in headless Chromium, as a person would, and checks:
  - no JavaScript error or warning in the console,
  - no request leaves the machine (the site is served on 127.0.0.1 and carries its own Mermaid),
  - every Mermaid diagram was drawn by the site's own script (Mermaid marks each drawn block data-processed),
  - every relative link and asset resolves to a file in the site,
  - opened from file:// (a CI artifact, a shared folder), the dashboard, a workflow and the schema draw their diagrams,
  - the search box finds a workflow by its name as it is typed, and Enter on the result opens that workflow's page,
  - the workflows index opened with a filter in its URL (#owner=…) shows only that owner's workflows.
Saves screenshots of the dashboard, a workflow page and the schema page at phone and desktop widths.

    check_site.py --screenshots OUT SITE...
    check_site.py --search-timing SITE       # the search check alone, with the index size and timings (bench)

Prints one line per problem and ends with 'N passed, M failed' (N pages checked); exit 1 when any failed.
"""
import functools, html, html.parser, http.server, json, os, re, shutil, subprocess, sys, tempfile, threading, time, urllib.parse

def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path: return path
    sys.exit("check_site: no Chromium (Debian: apt-get install -y chromium; `make test` installs it)")

class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.links = []; self.mermaid_blocks = 0
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name): self.links.append(attrs[name])
        if tag == "pre" and "mermaid" in (attrs.get("class") or "").split(): self.mermaid_blocks += 1

class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The site's files; `/.wait` answers after a few seconds, so a timing harness's page stays loading (and Chromium
    waits before dumping it) while it measures in real time."""
    def log_message(self, *args): pass

    def do_GET(self):
        if self.path.startswith("/.wait"):
            time.sleep(6)
            self.send_response(204); self.end_headers(); return
        super().do_GET()

def serve(folder):
    handler = functools.partial(SiteHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

# Chromium's own services (updates, accounts, clock, spelling dictionaries): the browser calls them whatever the
# page does, even with background networking switched off. They are not the page's requests.
BROWSER_SERVICES = re.compile(r"(^|\.)(google\.com|googleapis\.com|gvt1\.com)$")
QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
         "--no-pings", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
         "--disable-features=SpellCheck,Translate,OptimizationHints,AutofillServerCommunication,MediaRouter"]

def browse(browser, url, work, extra, budget=15000, timeout=120):
    """Opens `url` in headless Chromium with `extra` flags; returns the run and the URLs it requested. `budget`:
    milliseconds of virtual time to wait (None: real time, for measuring; virtual time stands still in scripts)."""
    netlog = os.path.join(work, "netlog.json")
    command = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--user-data-dir=" + os.path.join(work, "profile"), "--enable-logging=stderr", "--v=0",
               "--log-net-log=" + netlog] + (["--virtual-time-budget=%d" % budget] if budget else []) + QUIET + extra + [url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    requested = set()
    try:
        with open(netlog, errors="replace") as f: text = f.read()
        requested = set(re.findall(r'"url":"([a-z]+://[^"]+)"', text))
    except OSError:
        pass
    return result, requested

def check_page(browser, base, site, page, work):
    problems = []
    result, requested = browse(browser, base + page, work, ["--dump-dom"])
    for line in result.stderr.splitlines():
        if "CONSOLE" in line or "Uncaught" in line:
            problems.append("console: " + line.split("] ", 1)[-1][:300])
    for url in sorted(requested):
        host = urllib.parse.urlsplit(url).hostname or ""
        if url.startswith(("http://", "https://", "ws://", "wss://")) and host not in ("127.0.0.1", "localhost") and not BROWSER_SERVICES.search(host):
            problems.append("request leaves the machine: " + url)
    # Attributes that load something (not <a href>, which is a link a person may follow).
    loads = re.findall(r'<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|data)="((?:https?:)?//[^"]+)"', result.stdout)
    loads += re.findall(r'<link\b[^>]*?\bhref="((?:https?:)?//[^"]+)"', result.stdout)
    loads += re.findall(r'data-mermaid-module="((?:https?:)?//[^"]+)"', result.stdout)
    for reference in loads:
        host = urllib.parse.urlsplit(reference if not reference.startswith("//") else "http:" + reference).hostname or ""
        if host not in ("127.0.0.1", "localhost"):
            problems.append("page references another host: " + reference)
    with open(os.path.join(site, page), encoding="utf-8") as f: source = f.read()
    parser = Links(); parser.feed(source)
    drawn = result.stdout.count("data-processed")
    if parser.mermaid_blocks and drawn < parser.mermaid_blocks:
        problems.append("Mermaid drew %d of %d diagrams" % (drawn, parser.mermaid_blocks))
    if "Syntax error" in result.stdout:
        problems.append("Mermaid shows 'Syntax error'")
    folder = os.path.dirname(page)
    for link in parser.links:
        parts = urllib.parse.urlsplit(link)
        if parts.scheme or link.startswith(("#", "//")): continue
        target = os.path.normpath(os.path.join(site, folder, urllib.parse.unquote(parts.path)))
        if not target.startswith(os.path.abspath(site)) and not target.startswith(site):
            problems.append("link leaves the site: " + link)
        elif not os.path.isfile(target):
            problems.append("broken link: " + link)
    return problems

SEARCH_HARNESS = """<!doctype html><meta charset="utf-8"><title>search check</title>
<style>body { margin: 0 } iframe { border: 0; width: 100vw; height: 100vh }</style>
<iframe id="frame" src="index.html"></iframe>
<script>
var QUERY = %s, EXPECT = %s, outcome = {}, loads = 0, frame = document.getElementById("frame");
function done() { var pre = document.createElement("pre"); pre.id = "outcome"; pre.textContent = JSON.stringify(outcome); document.body.appendChild(pre); }
frame.onload = function () {
  loads++;
  var page = frame.contentDocument;
  if (loads === 2) { outcome.followed = frame.contentWindow.location.pathname; done(); return; }
  var form = page.querySelector("form.search"), input = page.getElementById("site-search");
  if (!form || form.hidden || !input) { outcome.error = "no search box"; done(); return; }
  // Focus loads the index; typing starts once it is in, as a person's first keystroke comes after the focus.
  var focused = performance.now(), waits = 0;
  input.focus();
  input.dispatchEvent(new Event("focus"));
  (function loaded() {
    if (!frame.contentWindow.flowsiteSearch && waits++ < 1000) { setTimeout(loaded, 2); return; }
    outcome.loadMilliseconds = performance.now() - focused;
    type();
  })();
  function type() {
  input.value = QUERY;
  var started = performance.now();
  input.dispatchEvent(new Event("input", { bubbles: true }));
  var tries = 0;
  (function wait() {
    var items = page.querySelectorAll("#site-search-results [role=option] a");
    if (!items.length && tries++ < 500) { setTimeout(wait, 1); return; }
    outcome.milliseconds = performance.now() - started;
    outcome.results = Array.prototype.map.call(items, function (a) { return a.getAttribute("href"); });
    // Once the index is in: a one-letter query, which matches nearly everything, is the slowest to rank.
    input.value = "e";
    var again = performance.now();
    for (var round = 0; round < 20; round++) input.dispatchEvent(new Event("input", { bubbles: true }));
    outcome.broadMilliseconds = (performance.now() - again) / 20;
    input.value = QUERY;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    var at = outcome.results.findIndex(function (href) { return href === EXPECT; });
    if (at < 0) { done(); return; }
    for (var k = 0; k < at; k++) input.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    setTimeout(function () { if (loads < 2) { outcome.error = "Enter did not open the result"; done(); } }, 3000);
  })();
  }
};
</script>
"""

def opens_with_a_failure(site, page):
    """Whether a runs page's first (latest) run has an error, so its screenshot shows one at the top."""
    text = open(os.path.join(site, page), encoding="utf-8").read()
    first = text.split('<section class="run"')[1:2]
    return bool(first) and 'class="error-text"' in first[0].split("</section>")[0]

def search_query(site):
    """A workflow whose name no other workflow shares, and its page: what typing the name must find."""
    with open(os.path.join(site, "assets", "search-index.js"), encoding="utf-8") as f:
        text = f.read()
    index = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
    names = [w[0] for w in index["workflows"]]
    for name, file in ((w[0], w[1]) for w in index["workflows"]):
        if names.count(name) == 1 and name.strip():
            return name, "workflows/%s.html" % file
    return None, None

def check_search(browser, base, site, work, shots=None, timed=False):
    """Types a workflow's name into the search box of the dashboard (inside a harness page of the same origin) and
    follows the result with the keyboard. Returns the problems and, when `timed` (real time instead of Chromium's
    virtual time, which stands still while a script runs), the timings in milliseconds: focus to index loaded,
    keystroke to results (at most 1 ms late), and a one-letter query once loaded."""
    query, expected = search_query(site)
    if not query:
        return ["search: no workflow to look for"], None
    harness = os.path.join(site, ".search-check.html")
    with open(harness, "w", encoding="utf-8") as f:
        f.write(SEARCH_HARNESS % (json.dumps(query), json.dumps(expected)) + ('<img src=".wait" alt="">' if timed else ""))
    try:
        result, _ = browse(browser, base + ".search-check.html", work, ["--dump-dom"], budget=None if timed else 15000)
        if shots:
            # The results as a person sees them: typed, listed, not followed.
            with open(harness, "w", encoding="utf-8") as f:
                f.write(SEARCH_HARNESS % (json.dumps(query.split()[0]), json.dumps("")))
            for width, height, label in ((390, 900, "phone"), (1280, 800, "desktop")):
                out = os.path.join(os.path.abspath(shots), "%s-search-%s.png" % (os.path.basename(site), label))
                browse(browser, base + ".search-check.html", work, ["--hide-scrollbars", "--window-size=%d,%d" % (width, height), "--screenshot=" + out])
    finally:
        os.unlink(harness)
    found = re.search(r'<pre id="outcome">(.*?)</pre>', result.stdout, re.S)
    if not found:
        return ["search: the harness reported nothing"], None
    outcome = json.loads(html.unescape(found.group(1)))
    problems = []
    if outcome.get("error"): problems.append("search: " + outcome["error"])
    if expected not in outcome.get("results", []): problems.append("search for %r did not list %s: %s" % (query, expected, outcome.get("results")))
    elif not (outcome.get("followed") or "").endswith("/" + expected): problems.append("search: Enter opened %s, not %s" % (outcome.get("followed"), expected))
    return problems, (outcome.get("loadMilliseconds"), outcome.get("milliseconds"), outcome.get("broadMilliseconds")) if timed else None

def check_filters(browser, base, site, work):
    """Opens the workflows index with an owner chosen in the URL's fragment, as a reload or a shared link would: only
    that owner's rows show, and the select shows the choice."""
    path = os.path.join(site, "workflows", "index.html")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        owners = re.findall(r'<tr data-owner="([^"]*)"', f.read())
    if not owners:
        return []
    owner = max(sorted(set(owners)), key=owners.count)
    problems = []
    # The second link carries malformed percent-encoding after the owner, as a hand-edited or truncated link may:
    # the script must read it as text and still apply the owner.
    for fragment in ("#owner=" + urllib.parse.quote(html.unescape(owner)), "#owner=" + urllib.parse.quote(html.unescape(owner)) + "&x=%&q"):
        result, _ = browse(browser, base + "workflows/index.html" + fragment, work, ["--dump-dom"])
        rows = re.findall(r'<tr data-owner="([^"]*)"[^>]*?( hidden="")?>', result.stdout)
        shown = [o for o, hidden in rows if not hidden]
        if len(rows) != len(owners): problems.append("filters: the page has %d rows, the file %d" % (len(rows), len(owners)))
        if sorted(shown) != [owner] * owners.count(owner): problems.append("filters: %s shows %d rows of %s, not the %d of that owner" % (fragment, len(shown), sorted(set(shown)), owners.count(owner)))
    return problems

def search_timing(site):
    """For the benchmark: the search check on one (large) site, with the index size and the timings."""
    site = os.path.abspath(site); server = serve(site)
    with tempfile.TemporaryDirectory() as work:
        problems, (load, first, broad) = check_search(chromium(), "http://127.0.0.1:%d/" % server.server_address[1], site, work, timed=True)
    server.shutdown()
    size = os.path.getsize(os.path.join(site, "assets", "search-index.js"))
    print("search index %.2f MB, loaded %.0f ms after focus; a name typed: results in %.1f ms; a one-letter query: %.1f ms (mean of 20)%s"
          % (size / 1e6, -1 if load is None else load, -1 if first is None else first, -1 if broad is None else broad, "; " + "; ".join(problems) if problems else ""))
    return 1 if problems else 0

def main(argv):
    if argv[:1] == ["--search-timing"]:
        return search_timing(argv[1])
    shots = None; sites = []
    it = iter(argv)
    for arg in it:
        if arg == "--screenshots": shots = next(it)
        else: sites.append(arg)
    browser = chromium(); passed = failed = 0
    for site in sites:
        site = os.path.abspath(site); server = serve(site)
        base = "http://127.0.0.1:%d/" % server.server_address[1]
        pages = sorted(os.path.relpath(os.path.join(d, f), site) for d, _, fs in os.walk(site) for f in fs if f.endswith(".html") and "/assets/" not in os.path.join(d, f))
        with tempfile.TemporaryDirectory() as work:
            for page in pages:
                problems = check_page(browser, base, site, page, work)
                if problems:
                    failed += 1
                    for problem in problems: print("FAIL %s/%s: %s" % (os.path.basename(site), page, problem))
                else:
                    passed += 1
            if shots: os.makedirs(shots, exist_ok=True)
            problems, _ = check_search(browser, base, site, work, shots)
            problems += check_filters(browser, base, site, work)
            if problems:
                failed += 1
                for problem in problems: print("FAIL %s: %s" % (os.path.basename(site), problem))
            else:
                passed += 1
            workflow = next((p for p in pages if p.startswith("workflows/") and p != "workflows/index.html"), None)
            for page in [p for p in ("index.html", workflow, "schema.html") if p]:
                problems = check_page(browser, "file://" + site + "/", site, page, work)
                if problems:
                    failed += 1
                    for problem in problems: print("FAIL file://%s/%s: %s" % (os.path.basename(site), page, problem))
                else:
                    passed += 1
            if shots:
                os.makedirs(shots, exist_ok=True)
                # A run that failed (its error, trigger and output data), an error signature, the errors index, the full lists.
                failed_runs = [p for p in pages if p.startswith("runs/") and 'class="error-text"' in open(os.path.join(site, p), encoding="utf-8").read()]
                signature = next((p for p in pages if p.startswith("errors/") and p != "errors/index.html"), None)
                for name, page in (("dashboard", "index.html"), ("workflows", "workflows/index.html"), ("workflow", workflow), ("schema", "schema.html"),
                                   ("run", next((p for p in failed_runs if opens_with_a_failure(site, p)), failed_runs[-1] if failed_runs else None)), ("signature", signature), ("errors", "errors/index.html"),
                                   ("attention", "attention.html")):
                    if not page: continue
                    for width, height, label in ((390, 2400, "phone"), (1280, 2000, "desktop")):
                        out = os.path.join(os.path.abspath(shots), "%s-%s-%s.png" % (os.path.basename(site), name, label))
                        browse(browser, base + page, work, ["--hide-scrollbars", "--window-size=%d,%d" % (width, height), "--screenshot=" + out])
        server.shutdown()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
