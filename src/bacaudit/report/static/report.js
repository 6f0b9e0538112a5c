/* bacaudit report: highlights open their cards, filters, sortable index. No network, no eval,
   no innerHTML: the page only toggles attributes and classes on what the server rendered. */
(function () {
  "use strict";

  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  // --- article page: highlight -> card ------------------------------------------------------
  var activeMarks = [];
  var activeCard = null;

  var related = [];

  // `outer`: keys of the highlights around the clicked one (findings sharing that text).
  function showCard(key, outer) {
    var card = document.getElementById("card-" + key);
    if (!card) { return; }
    card.hidden = false;
    related.forEach(function (c) { c.classList.remove("related"); });
    related = (outer || []).map(function (k) { return document.getElementById("card-" + k); })
      .filter(function (c) { return c && !c.hidden; });
    related.forEach(function (c) { c.classList.add("related"); });
    if (activeCard) { activeCard.classList.remove("active"); }
    activeMarks.forEach(function (m) { m.classList.remove("active"); });
    activeMarks = all('mark[data-finding="' + key + '"]');
    activeMarks.forEach(function (m) { m.classList.add("active"); });
    card.classList.add("active");
    activeCard = card;
    card.scrollIntoView({ block: "nearest" });
    card.focus({ preventScroll: true });
  }

  function showMark(key) {
    var mark = document.getElementById("m-" + key);
    if (!mark) { return; }
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    var mark = t.closest ? t.closest("mark[data-finding]") : null;
    if (mark) {
      ev.preventDefault();
      var outer = [];
      for (var m = mark.parentElement; m; m = m.parentElement) {
        if (m.matches("mark[data-finding]") && !m.classList.contains("off")) {
          outer.push(m.getAttribute("data-finding"));
        }
      }
      showCard(mark.getAttribute("data-finding"), outer);
      return;
    }
    var back = t.closest ? t.closest("a[data-show-mark]") : null;
    if (back) {
      ev.preventDefault();
      showMark(back.getAttribute("data-show-mark"));
    }
  });

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if ((ev.key === "Enter" || ev.key === " ") && t.matches && t.matches("mark[data-finding]")) {
      ev.preventDefault();
      showCard(t.getAttribute("data-finding"));
    }
  });

  // --- filters (article page: marks + cards; index page: rows) ------------------------------
  function pressed(group) {
    var on = {};
    all('button.chip[data-filter="' + group + '"]').forEach(function (b) {
      if (b.getAttribute("aria-pressed") === "true") { on[b.getAttribute("data-value")] = true; }
    });
    return on;
  }

  function applyArticleFilters() {
    var cats = pressed("category");
    var sevs = pressed("severity");
    var shown = 0;
    all(".card[data-category]").forEach(function (card) {
      var ok = !!cats[card.getAttribute("data-category")] && !!sevs[card.getAttribute("data-severity")];
      card.hidden = !ok;
      if (ok) { shown += 1; }
      var key = card.getAttribute("data-key");
      all('mark[data-finding="' + key + '"]').forEach(function (m) {
        m.classList.toggle("off", !ok);
        if (m.hasAttribute("tabindex")) { m.setAttribute("tabindex", ok ? "0" : "-1"); }
      });
    });
    var status = document.getElementById("filter-status");
    if (status) { status.textContent = shown + " of " + all(".card[data-category]").length + " findings shown"; }
  }

  all("button.chip[data-filter]").forEach(function (b) {
    b.addEventListener("click", function () {
      b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
      if (document.getElementById("articles")) { applyIndexFilters(); } else { applyArticleFilters(); }
    });
  });

  // --- index page ---------------------------------------------------------------------------
  var table = document.getElementById("articles");

  function applyIndexFilters() {
    var q = (document.getElementById("q") || { value: "" }).value.trim().toLowerCase();
    var cat = (document.getElementById("cat") || { value: "" }).value;
    var sev = (document.getElementById("sev") || { value: "" }).value;
    var shown = 0;
    all("tbody tr", table).forEach(function (row) {
      var ok = !q || (row.getAttribute("data-search") || "").indexOf(q) !== -1;
      if (ok && cat) { ok = Number(row.getAttribute("data-cat-" + cat) || 0) > 0; }
      if (ok && sev) { ok = Number(row.getAttribute("data-sev-" + sev) || 0) > 0; }
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var status = document.getElementById("filter-status");
    if (status) { status.textContent = shown + " of " + all("tbody tr", table).length + " articles shown"; }
  }

  function sortBy(th) {
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "number";
    var asc = th.getAttribute("aria-sort") !== "ascending";
    all("th[aria-sort]", table).forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = all("tr", body);
    rows.sort(function (a, b) {
      var x = a.children[idx].getAttribute("data-value") || a.children[idx].textContent;
      var y = b.children[idx].getAttribute("data-value") || b.children[idx].textContent;
      var r = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  if (table) {
    all("th button", table).forEach(function (b) {
      b.addEventListener("click", function () { sortBy(b.parentNode); });
    });
    ["q", "cat", "sev"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.addEventListener("input", applyIndexFilters); el.addEventListener("change", applyIndexFilters); }
    });
    applyIndexFilters();
  } else if (document.querySelector(".card[data-category]")) {
    applyArticleFilters();
  }

  document.documentElement.classList.add("js");
})();
