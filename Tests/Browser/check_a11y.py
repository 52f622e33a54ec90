#!/usr/bin/env python3
"""Runs axe-core on every HTML page of rendered sites in headless Chromium, in light and in dark mode, and checks
that keyboard users reach the search box and every link.

    check_a11y.py SITE...

Fails on any violation axe rates serious or critical, on a link or the search box taken out of the tab order
(tabindex -1 or hidden), and on a positive tabindex. axe-core is the official 3.1.1 build inside the PyPI wheel
axe-selenium-python==2.1.6, fetched once with `pip download --no-deps`, checked against a pinned SHA-256 and kept in
~/.cache/flowsite/ (never in the repository). Each site is checked by one harness page that opens every page in an
iframe (same origin), loads axe into it and runs it. Prints one line per problem and 'N passed, M failed'.
"""
import functools, html, http.server, json, os, re, shutil, sys, tempfile, threading, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from check_site import browse, chromium, SiteHandler  # noqa: E402
fetch_pinned = __import__("fetch-mermaid")

WHEEL = "axe-selenium-python==2.1.6"
MEMBER = "axe_selenium_python/node_modules/axe-core/axe.min.js"
SHA256 = "dcb58787f63d8908b82413b54099aa4a832e618432b33b8b1e11a9c43cf93ad5"  # axe-core 3.1.1
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "flowsite", "axe-core-3.1.1")


def axe_js():
    return fetch_pinned.pinned(WHEEL, MEMBER, SHA256, CACHE, "axe.min.js")


HARNESS = """<!doctype html><meta charset="utf-8"><title>accessibility check</title>
<iframe id="frame" style="width:1280px;height:900px;border:0"></iframe>
<script>
var PAGES = %s, results = [], position = 0, frame = document.getElementById("frame");
function done() { var pre = document.createElement("pre"); pre.id = "outcome"; pre.textContent = JSON.stringify(results); document.body.appendChild(pre); }
function next() { if (position >= PAGES.length) { done(); return; } frame.src = PAGES[position]; }
function keyboard(page) {
  var problems = [], search = page.getElementById("site-search");
  if (!search || search.tabIndex < 0 || search.closest("[hidden]")) problems.push("the search box is not in the tab order");
  Array.prototype.forEach.call(page.querySelectorAll("a[href], [tabindex]"), function (element) {
    if (element.closest("#site-search-results")) return;  // options are chosen with the arrow keys (aria-activedescendant)
    if (element.tabIndex > 0) problems.push("positive tabindex on " + element.outerHTML.slice(0, 80));
    if (element.matches("a[href]") && (element.tabIndex < 0 || element.closest("[hidden]"))) problems.push("link out of the tab order: " + element.outerHTML.slice(0, 80));
  });
  return problems;
}
frame.onload = function () {
  if (!frame.getAttribute("src")) return;
  var view = frame.contentWindow, page = frame.contentDocument, name = PAGES[position];
  var script = page.createElement("script");
  script.src = "%s";
  script.onload = function () {
    setTimeout(function () {  // let the page's own scripts (Mermaid) finish drawing
      view.axe.run(page, { resultTypes: ["violations"] }, function (error, report) {
        var serious = ((report && report.violations) || []).filter(function (v) { return v.impact === "serious" || v.impact === "critical"; });
        results.push({ page: name, error: error ? String(error) : null, keyboard: keyboard(page),
                       violations: serious.map(function (v) { return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }),
                                                           why: (v.nodes[0] && v.nodes[0].failureSummary || "").replace(/\s+/g, " ").slice(0, 240) }; }) });
        position++;
        next();
      });
    }, 300);
  };
  script.onerror = function () { results.push({ page: name, error: "axe did not load" }); position++; next(); };
  page.head.appendChild(script);
};
next();
</script>
"""


class WithoutPolicy(SiteHandler):
    """The site's pages without their Content-Security-Policy, which rightly forbids the `eval` axe 3 needs;
    nothing else about a page changes, and accessibility does not depend on the policy."""
    POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')

    def do_GET(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        file = os.path.join(self.directory, path.lstrip("/"))
        if not path.endswith(".html") or os.path.basename(path).startswith(".") or not os.path.isfile(file):
            return super().do_GET()
        with open(file, "rb") as f:
            body = self.POLICY.sub(b"", f.read())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(folder):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithoutPolicy, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_site(browser, site, axe, mode):
    site = os.path.abspath(site)
    pages = sorted(os.path.relpath(os.path.join(d, f), site) for d, _, fs in os.walk(site) for f in fs
                   if f.endswith(".html") and not f.startswith(".") and "/assets/" not in os.path.join(d, f))
    shutil.copyfile(axe, os.path.join(site, ".axe.min.js"))
    harness = os.path.join(site, ".a11y-check.html")
    with open(harness, "w", encoding="utf-8") as f:
        f.write(HARNESS % (json.dumps(pages), "/.axe.min.js"))
    server = serve(site)
    try:
        with tempfile.TemporaryDirectory() as work:
            scheme = "--blink-settings=preferredColorScheme=%d" % (0 if mode == "dark" else 1)
            result, _ = browse(browser, "http://127.0.0.1:%d/.a11y-check.html" % server.server_address[1], work, [scheme, "--dump-dom"],
                               budget=20000 + 3000 * len(pages), timeout=1800)
    finally:
        server.shutdown()
        os.unlink(harness)
        os.unlink(os.path.join(site, ".axe.min.js"))
    found = re.search(r'<pre id="outcome">(.*?)</pre>', result.stdout, re.S)
    if not found:
        return len(pages), [(os.path.basename(site), mode, "-", "the harness reported nothing")]
    outcome = json.loads(html.unescape(found.group(1)))
    problems = []
    for entry in outcome:
        where = (os.path.basename(site), mode, entry["page"])
        if entry.get("error"): problems.append(where + ("axe: " + entry["error"],))
        for violation in entry.get("violations", []):
            problems.append(where + ("%s (%s): %s at %s: %s" % (violation["id"], violation["impact"], violation["help"], ", ".join(violation["nodes"]), violation.get("why", "")),))
        for problem in entry.get("keyboard", []):
            problems.append(where + (problem,))
    if len(outcome) != len(pages):
        problems.append((os.path.basename(site), mode, "-", "axe checked %d of %d pages" % (len(outcome), len(pages))))
    return len(pages), problems


def main(sites):
    browser, axe = chromium(), axe_js()
    passed = failed = 0
    for site in sites:
        for mode in ("light", "dark"):
            count, problems = check_site(browser, site, axe, mode)
            bad = {p[2] for p in problems}
            failed += len(bad)
            passed += count - len(bad & set([p for p in bad if p != "-"]))
            for problem in problems:
                print("FAIL %s (%s) %s: %s" % problem)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
