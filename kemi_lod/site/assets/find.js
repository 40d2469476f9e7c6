// Find in a list: a text box and facets (department, fund, year) above each table.findable. The
// table is complete without this script. On one page the script hides the rows that do not
// match, reading the facets from the rows' data attributes (data-department, data-funds with
// "|" between funds, data-years), which the build writes (site/indexes.py). A list split into
// pages names its index (data-index="find.json": every project with its facets): the search
// then goes through all of them and lists the matches in place of the page's table.
(function () {
  "use strict";
  var SHOWN = 100; // matches listed at most when the search runs over the index

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

  function select(id, label, values, form) {
    var s = document.createElement("select");
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "kaikki";
    s.appendChild(all);
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = String(v);
      option.textContent = String(v);
      s.appendChild(option);
    });
    form.appendChild(field(id, label, s));
    return s;
  }

  function sortedSet(lists, numeric) {
    var seen = {};
    lists.forEach(function (l) { l.forEach(function (v) { seen[v] = true; }); });
    return Object.keys(seen).sort(numeric ? function (a, b) { return a - b; } : function (a, b) { return a.localeCompare(b, "fi"); });
  }

  // entries: {text, department, funds, years, row (one page) or href and title (an index)}
  function fromRows(table) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      var funds = row.getAttribute("data-funds"), years = row.getAttribute("data-years");
      return { row: row, text: row.textContent, department: row.getAttribute("data-department") || "",
               funds: funds ? funds.split("|") : [], years: years ? years.split(" ") : [] };
    });
  }

  function fromIndex(data) { // each project: [title, page, department, funds, years]
    return data.projects.map(function (p) {
      return { title: p[0], href: p[1], department: p[2], funds: p[3], years: p[4].map(String),
               text: [p[0], p[2]].concat(p[3]).join(" ") };
    });
  }

  function setup(table, n, entries, paged) {
    var box = table.closest(".scroll") || table;
    var form = document.createElement("form");
    form.className = "find";
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var text = document.createElement("input");
    text.type = "search";
    form.appendChild(field("find-" + n + "-text", "Hae", text));
    var department = select("find-" + n + "-department", "Toimiala",
      sortedSet(entries.map(function (e) { return e.department ? [e.department] : []; })), form);
    var fund = select("find-" + n + "-funds", "Rahasto", sortedSet(entries.map(function (e) { return e.funds; })), form);
    var year = select("find-" + n + "-years", "Vuosi", sortedSet(entries.map(function (e) { return e.years; }), true), form);
    var status = document.createElement("p");
    status.className = "find-status";
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
    var results = document.createElement("ul");
    results.className = "find-results";
    results.hidden = true;
    box.parentNode.insertBefore(form, box);
    box.parentNode.insertBefore(results, box);
    var pagers = document.querySelectorAll("nav.pager");

    function apply() {
      var words = text.value.toLocaleLowerCase("fi").split(/\s+/).filter(Boolean);
      var matches = entries.filter(function (e) {
        var content = e.text.toLocaleLowerCase("fi");
        return words.every(function (w) { return content.indexOf(w) !== -1; }) &&
          (!department.value || e.department === department.value) &&
          (!fund.value || e.funds.indexOf(fund.value) !== -1) &&
          (!year.value || e.years.indexOf(year.value) !== -1);
      });
      if (!paged) {
        entries.forEach(function (e) { e.row.hidden = matches.indexOf(e) === -1; });
        status.textContent = "Näytetään " + matches.length + " / " + entries.length + " hanketta.";
        return;
      }
      var searching = words.length > 0 || department.value || fund.value || year.value;
      box.hidden = Boolean(searching);
      Array.prototype.forEach.call(pagers, function (p) { p.hidden = Boolean(searching); });
      results.hidden = !searching;
      results.textContent = "";
      if (!searching) {
        status.textContent = "Haku käy läpi kaikki " + entries.length + " hanketta.";
        return;
      }
      matches.slice(0, SHOWN).forEach(function (e) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = e.href;
        a.textContent = e.title;
        li.appendChild(a);
        results.appendChild(li);
      });
      status.textContent = matches.length + " / " + entries.length + " hanketta" +
        (matches.length > SHOWN ? "; näytetään ensimmäiset " + SHOWN + "." : ".");
    }
    text.addEventListener("input", apply);
    [department, fund, year].forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.findable"), function (table, n) {
    var index = table.getAttribute("data-index");
    if (!index) {
      setup(table, n, fromRows(table), false);
      return;
    }
    fetch(index).then(function (r) { return r.json(); })
      .then(function (data) { setup(table, n, fromIndex(data), true); });
  });
})();
