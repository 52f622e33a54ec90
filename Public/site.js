// flowsite: sorting and filtering tables, and starting Mermaid. Pages read fully without this script.
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

  function makeFilterable(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var counter = document.querySelector('[data-filter-count="' + input.getAttribute("data-filter") + '"]');
    if (!table) return;
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown++;
      });
      if (counter) counter.textContent = words.length ? shown + " of " + rows.length + " shown" : "";
    }
    input.addEventListener("input", apply);
  }

  function startMermaid() {
    var blocks = document.querySelectorAll("pre.mermaid");
    if (!blocks.length) return;
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    var config = { startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "neutral", flowchart: { htmlLabels: true } };
    function run(mermaid) {
      mermaid.initialize(config);
      mermaid.run({ nodes: blocks }).catch(function (error) { console.warn("Mermaid could not draw a diagram:", error); });
    }
    if (window.mermaid) { run(window.mermaid); return; }
    var source = document.body.getAttribute("data-mermaid-module");
    if (!source) return;
    import(new URL(source, document.baseURI).href)
      .then(function (module) { run(module.default || module.mermaid); })
      .catch(function () { document.body.classList.add("mermaid-unavailable"); });
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("input[data-filter]").forEach(makeFilterable);
  startMermaid();
})();
