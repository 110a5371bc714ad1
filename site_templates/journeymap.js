/* journeymap: sorting and filtering of the dashboard's table of journeys; a name for
   Material's search dialog, and its header's menu and search buttons for the keyboard.
   Progressive enhancement: without this script the form stays hidden and the table
   keeps its default order (most urgent first). With it, the form shows; each filter
   keeps the rows whose `data-f-<filter>` holds the chosen key, the sort reorders them,
   and the choice is kept in the address (?owner=o2&sort=title) so it can be shared.
   No network, no dependency. */
(function () {
  "use strict";

  function number(row, key) {
    var value = row.getAttribute("data-s-" + key);
    return value === null ? 0 : Number(value);
  }

  function count(row, status) {
    var cell = row.querySelector('[data-count="' + status + '"]');
    return cell ? Number(cell.textContent) : 0;
  }

  function setup(form) {
    if (form.getAttribute("data-jm-ready")) return;
    var table = document.getElementById(form.getAttribute("data-jm-table"));
    if (!table || !table.tBodies.length) return;
    form.setAttribute("data-jm-ready", "1");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sort = form.elements.namedItem("sort");
    var filters = Array.prototype.slice.call(form.querySelectorAll("select[data-jm-filter]"));
    var total = form.querySelector(".jm-filters__count");
    var labels = {};
    filters.forEach(function (select) {
      labels[select.name] = {};
      Array.prototype.forEach.call(select.options, function (option) {
        labels[select.name][option.value] = option.textContent.replace(/ \(\d+\)$/, "");
      });
    });

    function keys(row, name) {
      return (row.getAttribute("data-f-" + name) || "").split(" ").filter(Boolean);
    }

    function text(row, name) {
      if (name === "title") {
        var link = row.querySelector("th a");
        return link ? link.textContent : "";
      }
      var first = keys(row, name)[0];
      return first ? labels[name][first] || "" : "";
    }

    function sortKey(row, option) {
      var kind = option.getAttribute("data-kind");
      if (kind === "number") return number(row, option.value);
      if (kind === "count") return count(row, option.value);
      return text(row, option.value);
    }

    function apply() {
      var option = sort.options[sort.selectedIndex];
      var ordered = rows.slice();
      if (option && option.value) {
        var desc = option.getAttribute("data-desc") === "1";
        var kind = option.getAttribute("data-kind");
        var values = new Map(ordered.map(function (row) { return [row, sortKey(row, option)]; }));
        var place = new Map(rows.map(function (row, index) { return [row, index]; }));
        ordered.sort(function (a, b) {
          var x = values.get(a), y = values.get(b), order;
          if (kind === "text" || kind === "option") {
            if (!x !== !y) return x ? -1 : 1; // rows without a value go last
            order = String(x).localeCompare(String(y), undefined, { sensitivity: "base" });
          } else {
            order = kind === "count" || desc ? y - x : x - y;
          }
          return order || place.get(a) - place.get(b); // ties keep the urgent-first order
        });
      }
      var chosen = filters.filter(function (select) { return select.value; });
      var shown = 0;
      ordered.forEach(function (row) {
        var keep = chosen.every(function (select) {
          return keys(row, select.name).indexOf(select.value) !== -1;
        });
        row.hidden = !keep;
        if (keep) shown += 1;
        body.appendChild(row);
      });
      if (total) total.textContent = shown + " of " + rows.length + " journeys";
      remember();
    }

    function remember() {
      if (!window.history || !window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      [sort].concat(filters).forEach(function (select) {
        if (select.value) params.set(select.name, select.value);
        else params.delete(select.name);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      try { window.history.replaceState(window.history.state, "", url); } catch (error) { /* file: */ }
    }

    if (window.URLSearchParams) {
      var given = new URLSearchParams(window.location.search);
      [sort].concat(filters).forEach(function (select) {
        var value = given.get(select.name);
        if (value !== null && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
          select.value = value;
        }
      });
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // Material's search dialog has no accessible name (Lighthouse: aria-dialog-name): it
  // takes its search field's, which Material writes in the site's language.
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (!dialog || dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) return;
    var field = dialog.querySelector("input[aria-label]");
    dialog.setAttribute("aria-label", field ? field.getAttribute("aria-label") : "Search");
  }

  // On a small screen Material's header opens the menu and the search with labels of
  // hidden checkboxes, which the keyboard cannot reach: they become buttons, named after
  // what they open (in the site's language, as Material writes it).
  function headerButtons() {
    var names = {
      __drawer: document.querySelector("nav.md-nav--primary[aria-label]"),
      __search: document.querySelector(".md-search input[aria-label]")
    };
    Array.prototype.forEach.call(document.querySelectorAll("label.md-header__button[for]"), function (label) {
      var target = label.getAttribute("for");
      if (!(target in names) || label.hasAttribute("tabindex")) return;
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      if (!label.hasAttribute("aria-label") && names[target]) {
        label.setAttribute("aria-label", names[target].getAttribute("aria-label"));
      }
      label.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          label.click();
        }
      });
    });
  }

  function init() {
    nameSearchDialog();
    headerButtons();
    Array.prototype.forEach.call(document.querySelectorAll("form.jm-filters"), setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material's instant navigation swaps pages in place
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
