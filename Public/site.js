// flowsite: sorting and filtering tables, site search, and starting Mermaid. Pages read fully without this script.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim().toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      var kind = header.getAttribute("data-sort");
      if (!kind) return;
      header.tabIndex = 0;
      function sort() {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = kind === "number" ? Number(x) - Number(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      header.addEventListener("click", sort);
      header.addEventListener("keydown", function (event) { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); } });
    });
  }

  // The filter box, and the selects beside it (data-facet) on the workflows index: a row shows when every word and
  // every chosen value matches. The choices live in the URL's fragment (#owner=alice&trigger=schedule), so they
  // survive a reload and can be shared, from file:// too.
  function makeFilterable(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var counter = document.querySelector('[data-filter-count="' + input.getAttribute("data-filter") + '"]');
    if (!table) return;
    var toolbar = input.closest(".toolbar") || document;
    var facets = Array.prototype.slice.call(toolbar.querySelectorAll("select[data-facet]"));
    var facetBox = toolbar.querySelector(".facets");
    if (facetBox) facetBox.hidden = false;
    // A shared link may carry malformed percent-encoding (`#q=%`): it is read as the text it is, never thrown.
    function decodedFragment(text) {
      try { return decodeURIComponent(text); } catch (e) { return text; }
    }
    function matchesFacet(row, select) {
      var wanted = select.value, name = select.getAttribute("data-facet");
      if (!wanted) return true;
      if (name === "integration") {
        try { return JSON.parse(row.getAttribute("data-integrations") || "[]").indexOf(wanted) !== -1; } catch (e) { return false; }
      }
      return row.getAttribute("data-" + name) === wanted;
    }
    function remember() {
      if (!facets.length) return;
      var parts = [];
      if (input.value) parts.push("q=" + encodeURIComponent(input.value));
      facets.forEach(function (select) { if (select.value) parts.push(select.getAttribute("data-facet") + "=" + encodeURIComponent(select.value)); });
      var hash = parts.length ? "#" + parts.join("&") : "";
      if (window.location.hash !== hash) history.replaceState(null, "", hash || window.location.pathname + window.location.search);
    }
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var active = facets.filter(function (select) { return select.value; });
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; }) && active.every(function (select) { return matchesFacet(row, select); });
        row.hidden = !match;
        if (match) shown++;
      });
      if (counter) counter.textContent = words.length || active.length ? shown + " of " + rows.length + " shown" : "";
      remember();
    }
    if (facets.length && window.location.hash.length > 1) {
      window.location.hash.slice(1).split("&").forEach(function (pair) {
        if (pair.indexOf("=") < 0) return;
        var at = pair.indexOf("="), key = pair.slice(0, at), value = decodedFragment(pair.slice(at + 1));
        if (key === "q") input.value = value;
        facets.forEach(function (select) {
          if (select.getAttribute("data-facet") === key && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
        });
      });
      apply();
    }
    input.addEventListener("input", apply);
    facets.forEach(function (select) { select.addEventListener("change", apply); });
  }

  // The last 20 runs of each workflow as coloured marks, oldest first, each with its time and outcome on hover;
  // drawn as rows come into view, so 10,000 rows cost nothing until they are seen.
  function drawStrips() {
    var cells = document.querySelectorAll("td.strip[data-strip]");
    if (!cells.length) return;
    var stamp = document.querySelector("footer time[datetime]");
    var asOf = stamp ? Date.parse(stamp.getAttribute("datetime")) : NaN;
    var names = { o: "succeeded", f: "failed", b: "in progress", x: "other" };
    function draw(cell) {
      var marks = (cell.getAttribute("data-strip") || "").split(" ").filter(Boolean);
      cell.removeAttribute("data-strip");
      var strip = document.createElement("span");
      strip.className = "runs";
      strip.setAttribute("role", "img");
      var failed = 0;
      marks.forEach(function (mark) {
        var outcome = mark.charAt(0), minutes = Number(mark.slice(1));
        if (outcome === "f") failed++;
        var run = document.createElement("i");
        run.className = outcome;
        var when = isNaN(asOf) || isNaN(minutes) ? "time unknown" : new Date(asOf - minutes * 60000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
        run.title = when + " · " + (names[outcome] || "other");
        strip.appendChild(run);
      });
      strip.setAttribute("aria-label", marks.length ? "Last " + marks.length + " runs: " + failed + " failed" : "No runs");
      cell.appendChild(strip);
    }
    if (!("IntersectionObserver" in window)) { Array.prototype.forEach.call(cells, draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); } });
    }, { rootMargin: "400px" });
    Array.prototype.forEach.call(cells, function (cell) { observer.observe(cell); });
  }

  function startMermaid() {
    var blocks = document.querySelectorAll("pre.mermaid");
    if (!blocks.length) return;
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    var config = { startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "neutral", flowchart: { htmlLabels: true } };
    // A drawn diagram is one image named by its block's data-label; the tables beside it say the same in text.
    // (Mermaid's aria-roledescription, "flowchart-v2", says nothing to a listener.)
    function describe() {
      Array.prototype.forEach.call(blocks, function (block) {
        var svg = block.querySelector("svg");
        if (!svg) return;
        svg.removeAttribute("aria-roledescription");
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", block.getAttribute("data-label") || "Diagram");
        if (block.hasAttribute("data-zoom")) zoomable(block, svg);
      });
    }
    // The whole schema can be large: buttons (and Ctrl + wheel) zoom it, dragging pans it.
    function zoomable(block, svg) {
      var box = svg.viewBox && svg.viewBox.baseVal, natural = box && box.width ? box.width : svg.getBoundingClientRect().width, scale = 1;
      function apply() { svg.style.maxWidth = "none"; svg.style.width = Math.round(natural * scale) + "px"; svg.removeAttribute("height"); }
      var controls = document.createElement("div");
      controls.className = "zoom";
      [["−", "Zoom out", function () { scale = Math.max(0.2, scale / 1.25); }], ["+", "Zoom in", function () { scale = Math.min(5, scale * 1.25); }],
       ["Fit", "Fit to the page", function () { scale = Math.min(1, block.clientWidth / natural); }]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button"; button.textContent = spec[0]; button.setAttribute("aria-label", spec[1]);
        button.addEventListener("click", function () { spec[2](); apply(); });
        controls.appendChild(button);
      });
      block.parentNode.insertBefore(controls, block);
      block.addEventListener("wheel", function (event) {
        if (!event.ctrlKey) return;
        event.preventDefault();
        scale = Math.min(5, Math.max(0.2, scale * (event.deltaY < 0 ? 1.1 : 1 / 1.1)));
        apply();
      }, { passive: false });
      var drag = null;
      block.addEventListener("pointerdown", function (event) { drag = { x: event.clientX, y: event.clientY, left: block.scrollLeft, top: block.scrollTop }; block.classList.add("dragging"); });
      window.addEventListener("pointermove", function (event) { if (drag) { block.scrollLeft = drag.left - (event.clientX - drag.x); block.scrollTop = drag.top - (event.clientY - drag.y); } });
      window.addEventListener("pointerup", function () { drag = null; block.classList.remove("dragging"); });
      scale = Math.min(1, (block.clientWidth - 24) / natural);  // start fitted, as before it could zoom
      apply();
    }
    function run(mermaid) {
      mermaid.initialize(config);
      mermaid.run({ nodes: blocks }).then(describe).catch(function (error) { console.warn("Mermaid could not draw a diagram:", error); });
    }
    if (window.mermaid) { run(window.mermaid); return; }
    var source = document.body.getAttribute("data-mermaid-module");
    if (!source) return;
    import(new URL(source, document.baseURI).href)
      .then(function (module) { run(module.default || module.mermaid); })
      .catch(function () { document.body.classList.add("mermaid-unavailable"); });
  }

  // Times: every <time datetime> is shown in the reader's own zone (zone written), or in UTC when the page's URL says
  // ?tz=utc; the other one is on hover. Relative ones (class "ago") read "3 hours ago"; class "with-age" adds it in brackets (run pages, which the
  // site does not rewrite as as-of moves on, so the age is the reader's, not the render's). A button in the header switches
  // and keeps the choice in the URL, and in the links to the site's other pages, so it survives a reload and a click.
  function times() {
    var now = Date.now(), units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
    var utc = /(^|[?&])tz=utc(&|$)/.test(location.search);
    function ago(seconds) {
      var future = seconds < 0, span = Math.abs(seconds);
      for (var i = 0; i < units.length; i++) {
        if (span >= units[i][1]) {
          var count = Math.floor(span / units[i][1]), text = count + " " + units[i][0] + (count > 1 ? "s" : "");
          return future ? "in " + text : text + " ago";
        }
      }
      return "just now";
    }
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function zoneName(date) {
      try {
        var part = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(date).filter(function (p) { return p.type === "timeZoneName"; })[0];
        return part ? part.value : "local";
      } catch (e) { return "local"; }
    }
    function format(date, inUTC) {
      if (inUTC) return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
      return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " " + pad(date.getHours()) + ":" + pad(date.getMinutes()) + " " + zoneName(date);
    }
    function show() {
      document.querySelectorAll("time[datetime]").forEach(function (element) {
        var at = Date.parse(element.getAttribute("datetime"));
        if (isNaN(at)) return;
        var date = new Date(at), shown = format(date, utc), other = format(date, !utc);
        if (element.classList.contains("zoned")) {
          element.title = shown + (utc ? "" : " · " + other);
        } else if (element.classList.contains("ago")) {
          element.textContent = ago(Math.round((now - at) / 1000));
          element.title = shown + (utc ? "" : " · " + other);
        } else if (element.classList.contains("with-age")) {
          element.textContent = shown + " (" + ago(Math.round((now - at) / 1000)) + ")";
          element.title = other;
        } else {
          element.textContent = shown;
          element.title = other;
        }
      });
      document.querySelectorAll("a[href]").forEach(function (link) {
        var href = link.getAttribute("href");
        if (/^[a-z]+:/i.test(href) || href.charAt(0) === "#" || !/\.html(\?|#|$)/.test(href)) return;
        var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#")) : "", path = href.slice(0, href.length - hash.length).replace(/\?tz=utc$/, "");
        link.setAttribute("href", path + (utc ? "?tz=utc" : "") + hash);
      });
      if (button) {
        button.textContent = utc ? "Times: UTC" : "Times: local";
        button.setAttribute("aria-pressed", utc ? "true" : "false");
      }
    }
    var header = document.querySelector("header.top"), button = null;
    if (header && document.querySelector("main time[datetime]")) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "tz-toggle";
      button.title = "Show times in UTC or in your own time zone";
      button.addEventListener("click", function () {
        utc = !utc;
        var search = location.search.replace(/([?&])tz=utc(&|$)/, "$1").replace(/[?&]$/, "");
        if (utc) search += (search ? "&" : "?") + "tz=utc";
        try { history.replaceState(null, "", location.pathname + search + location.hash); } catch (e) { /* file:// in some browsers */ }
        show();
      });
      header.appendChild(button);
    }
    show();
  }

  // Site search: the index (assets/search-index.js) is a script loaded on first use, so it works from file://.
  // Every word typed must match somewhere; a match at the start of the name ranks first, then a word of the name,
  // then anywhere in the name, then owner, integrations, tools, trigger and description.
  function makeSearch(form) {
    var input = form.querySelector("input");
    var list = form.querySelector("ul");
    var root = form.getAttribute("data-root") || "";
    var entries = null, loading = false, active = -1, shown = [];
    form.hidden = false;

    // Loads the index once; whatever was typed meanwhile is searched as soon as it arrives.
    function load() {
      if (entries || loading) return;
      loading = true;
      var script = document.createElement("script");
      script.src = form.getAttribute("data-index");
      script.onload = function () { entries = prepare(window.flowsiteSearch || {}); search(); };
      script.onerror = function () { loading = false; };
      document.head.appendChild(script);
    }

    function prepare(index) {
      var words = index.words || [], all = [];
      (index.workflows || []).forEach(function (w) {
        var servers = w[4].map(function (i) { return words[i]; }), tools = w[5].map(function (i) { return words[i]; });
        all.push({ kind: "Workflow", name: w[0], href: "workflows/" + w[1] + ".html", detail: [words[w[2]], w[3]].concat(servers).filter(Boolean).join(" · "),
                   other: [words[w[2]], servers.join(" "), tools.join(" "), w[3], w[6]].join(" ").toLowerCase() });
      });
      (index.integrations || []).forEach(function (i) {
        all.push({ kind: "Integration", name: words[i[0]], href: "servers/" + i[1] + ".html", detail: words[i[2]], other: words[i[2]].toLowerCase() });
      });
      (index.errors || []).forEach(function (e) {
        all.push({ kind: "Error", name: e[0], href: e[1], detail: e[2] + (e[2] === 1 ? " run" : " runs"), other: "" });
      });
      all.forEach(function (entry) { entry.lower = entry.name.toLowerCase(); });
      return all;
    }

    function score(entry, terms) {
      var total = 0;
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i], at = entry.lower.indexOf(term);
        if (at === 0) total += 10;
        else if (at > 0 && /[^a-z0-9]/.test(entry.lower.charAt(at - 1))) total += 6;
        else if (at > 0) total += 4;
        else if (entry.other.indexOf(term) !== -1) total += 1;
        else return 0;
      }
      return total + (entry.kind === "Workflow" ? 0.5 : 0);
    }

    function search() {
      var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      if (!terms.length || !entries) { close(); return; }
      var hits = [];
      for (var i = 0; i < entries.length; i++) {
        var s = score(entries[i], terms);
        if (s > 0) hits.push({ entry: entries[i], score: s });
      }
      hits.sort(function (a, b) { return b.score - a.score || a.entry.name.localeCompare(b.entry.name); });
      // Grouped by kind, workflows first: a name typed is most often a workflow's, and one server configured by a
      // hundred owners is one result, not a hundred.
      shown = [];
      [["Workflow", 7], ["Integration", 3], ["Error", 3]].forEach(function (group) {
        hits.filter(function (hit) { return hit.entry.kind === group[0]; }).slice(0, group[1]).forEach(function (hit) { shown.push(hit.entry); });
      });
      list.textContent = "";
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "search-empty";
        none.textContent = "No workflow, integration or error matches.";
        list.appendChild(none);
      }
      shown.forEach(function (entry, position) {
        var item = document.createElement("li");
        item.id = "site-search-option-" + position;
        item.setAttribute("role", "option");
        var link = document.createElement("a");
        link.href = root + entry.href;
        link.tabIndex = -1;
        var kind = document.createElement("span");
        kind.className = "search-kind";
        kind.textContent = entry.kind;
        var name = document.createElement("span");
        name.className = "search-name";
        name.textContent = entry.name;
        var detail = document.createElement("span");
        detail.className = "search-detail";
        detail.textContent = entry.detail || "";
        link.appendChild(kind); link.appendChild(name); link.appendChild(detail);
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = false;
      select(shown.length ? 0 : -1);
    }

    function select(position) {
      active = position;
      Array.prototype.forEach.call(list.children, function (item, index) { item.setAttribute("aria-selected", index === position ? "true" : "false"); });
      if (position >= 0) input.setAttribute("aria-activedescendant", "site-search-option-" + position);
      else input.removeAttribute("aria-activedescendant");
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      shown = [];
      input.removeAttribute("aria-activedescendant");
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () { if (entries) search(); else load(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && shown.length) { event.preventDefault(); select((active + 1) % shown.length); }
      else if (event.key === "ArrowUp" && shown.length) { event.preventDefault(); select((active - 1 + shown.length) % shown.length); }
      else if (event.key === "Enter") { event.preventDefault(); if (active >= 0) window.location.href = root + shown[active].href; }
      else if (event.key === "Escape") { close(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    document.addEventListener("keydown", function (event) {
      var target = event.target, typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
      if (event.key === "/" && !typing) { event.preventDefault(); input.focus(); }
    });
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("form.search[data-index]").forEach(makeSearch);
  document.querySelectorAll("input[data-filter]").forEach(makeFilterable);
  drawStrips();
  times();
  startMermaid();
})();
