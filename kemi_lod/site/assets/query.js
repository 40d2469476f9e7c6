// The SPARQL editor of the query pages: YASGUI (assets/vendor/yasgui/, its npm package's own
// bundle) in the place of the plain form, which is what a browser without scripts uses. The
// page's JSON data block (site/editor.py) gives the endpoint, the prefixes file, the namespaces
// the result table shortens IRIs with, and the example queries. No query or result is stored in
// the browser (the prefix completion caches its list), and nothing outside the publication is
// asked: the prefix completion reads our own prefixes, the look-ups of outside services are off.
(function () {
  "use strict";
  var form = document.querySelector("form.query-form");
  var block = document.getElementById("query-editor-data");
  if (!form || !block || typeof Yasgui === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var endpoint = new URL(data.endpoint, document.baseURI).href;
  var prefixes = new URL(data.prefixes, document.baseURI).href;
  var text = form.querySelector("textarea");

  var picker = document.createElement("p");
  picker.className = "query-picker";
  var label = document.createElement("label");
  label.htmlFor = "query-example";
  label.textContent = "Avaa esimerkkikysely uuteen välilehteen: ";
  var select = document.createElement("select");
  select.id = "query-example";
  var none = document.createElement("option");
  none.value = "";
  none.textContent = "valitse…";
  select.appendChild(none);
  data.examples.forEach(function (example, index) {
    var option = document.createElement("option");
    option.value = String(index);
    option.textContent = example.title;
    select.appendChild(option);
  });
  var blank = document.createElement("button");
  blank.type = "button";
  blank.textContent = "Uusi tyhjä välilehti";
  picker.appendChild(label);
  picker.appendChild(select);
  picker.appendChild(document.createTextNode(" "));
  picker.appendChild(blank);

  var holder = document.createElement("div");
  holder.id = "query-editor";
  form.parentNode.insertBefore(picker, form);
  form.parentNode.insertBefore(holder, form);
  form.hidden = true;

  var yasgui = new Yasgui(holder, {
    persistenceId: null,
    populateFromUrl: false,
    copyEndpointOnNewTab: true,
    tabName: "Kysely",
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: {
      value: text.value,
      persistenceId: null,
      prefixCcApi: prefixes,
      autocompleters: ["prefixes", "variables"],
      editorHeight: "320px"
    },
    yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table", prefixes: data.namespaces, persistenceId: null }
  });

  // What YASGUI leaves out for assistive technology: names for its endpoint field, editor and page-size menu, a
  // keyboard stop for the editor's scrolling box, and a tab list holding only tabs (its own "+"
  // button sits in the list; the button beside the picker opens a new tab instead).
  function accessible() {
    holder.querySelectorAll(".tabsList .addTab").forEach(function (b) { b.parentNode.hidden = true; });
    holder.querySelectorAll("input.autocomplete").forEach(function (i) { i.setAttribute("aria-label", "SPARQL-rajapinnan osoite"); });
    holder.querySelectorAll(".CodeMirror textarea").forEach(function (t) { t.setAttribute("aria-label", "Kysely (SPARQL 1.1)"); });
    holder.querySelectorAll(".CodeMirror-scroll").forEach(function (s) { s.setAttribute("tabindex", "0"); });
    holder.querySelectorAll("select.tableSizer").forEach(function (s) { s.setAttribute("aria-label", "Rivejä sivulla"); });
  }
  new MutationObserver(accessible).observe(holder, { childList: true, subtree: true });
  accessible();

  blank.addEventListener("click", function () { yasgui.addTab(true); });
  select.addEventListener("change", function () {
    var example = data.examples[Number(select.value)];
    if (!example) { return; }
    var tab = yasgui.addTab(true, { name: example.title });
    tab.setQuery(example.query);
    select.value = "";
  });
})();
