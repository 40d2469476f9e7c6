// Find in a list: a text box and facets (department, fund, year) above each table.findable. The
// table is complete without this script; it only hides the rows that do not match, and says how
// many are shown. The facets' choices are read from the rows' data attributes, which the build
// writes (site/indexes.py): data-department, data-funds ("|" between funds), data-years.
(function () {
  "use strict";
  var FACETS = [
    { key: "department", label: "Toimiala", split: null },
    { key: "funds", label: "Rahasto", split: "|" },
    { key: "years", label: "Vuosi", split: " " }
  ];

  function values(row, facet) {
    var raw = row.getAttribute("data-" + facet.key) || "";
    if (!raw) { return []; }
    return facet.split ? raw.split(facet.split) : [raw];
  }

  function choices(rows, facet) {
    var seen = {};
    rows.forEach(function (row) { values(row, facet).forEach(function (v) { seen[v] = true; }); });
    var list = Object.keys(seen);
    if (facet.key === "years") { return list.sort(function (a, b) { return Number(a) - Number(b); }); }
    return list.sort(function (a, b) { return a.localeCompare(b, "fi"); });
  }

  function field(id, label, control) {
    var wrap = document.createElement("p");
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label + " ";
    control.id = id;
    wrap.appendChild(l);
    wrap.appendChild(control);
    return wrap;
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.findable"), function (table, n) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var form = document.createElement("form");
    form.className = "find";
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var text = document.createElement("input");
    text.type = "search";
    form.appendChild(field("find-" + n + "-text", "Hae", text));
    var selects = FACETS.map(function (facet) {
      var select = document.createElement("select");
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "kaikki";
      select.appendChild(all);
      choices(rows, facet).forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      form.appendChild(field("find-" + n + "-" + facet.key, facet.label, select));
      return select;
    });
    var status = document.createElement("p");
    status.className = "find-status";
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);

    function apply() {
      var words = text.value.toLocaleLowerCase("fi").split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var content = row.textContent.toLocaleLowerCase("fi");
        var ok = words.every(function (w) { return content.indexOf(w) !== -1; }) &&
          FACETS.every(function (facet, i) {
            return !selects[i].value || values(row, facet).indexOf(selects[i].value) !== -1;
          });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      status.textContent = "Näytetään " + shown + " / " + rows.length + " hanketta.";
    }
    text.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    var box = table.closest(".scroll") || table;
    box.parentNode.insertBefore(form, box);
    apply();
  });
})();
