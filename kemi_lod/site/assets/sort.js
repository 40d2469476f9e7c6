// Sortable tables: each column header of a table.sortable becomes a button that sorts the rows
// by that column. A cell's data-sort value is the key the build computed (Finnish alphabetical
// order as plain code-point order, the same in every browser and locale), compared as a plain
// string; numeric columns compare numbers. The table is complete without this script; it only
// adds the buttons.
(function () {
  "use strict";
  function key(cell, numeric) {
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (numeric) { return v === "" ? -Infinity : parseFloat(v); }
    return v;
  }
  function sort(table, index, button) {
    var tbody = table.tBodies[0];
    var numeric = button.parentNode.getAttribute("data-type") === "number";
    var ascending = button.parentNode.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      var c = numeric ? x - y : (x < y ? -1 : (x > y ? 1 : 0));
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Järjestä";
      button.addEventListener("click", function () { sort(table, index, button); });
      th.textContent = "";
      th.appendChild(button);
    });
  });
})();
