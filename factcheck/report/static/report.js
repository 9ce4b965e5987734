/* factcheck review report: decisions store, overview table, article navigation.
   No network, no eval, no innerHTML with data: everything from the report goes in via textContent. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var body = document.body;
  var runKey = window.factcheckRun || "run"; /* static/run.js: the same for every page of a run */
  var STORE = "factcheck-decisions:" + runKey;
  var WHO = "factcheck-reviewer";
  var ICONS = { verified: "\u2713", contradicted: "\u2717", unverified: "?", waived: "\u2298", error: "!", empty: "" };
  var LABELS = { empty: "no claims" };
  var memory = {};
  var storageOk = true;

  function readStore() {
    try {
      var raw = window.localStorage.getItem(STORE);
      return raw ? JSON.parse(raw) : {};
    } catch (e) {
      storageOk = false;
      return memory;
    }
  }
  function writeStore(all) {
    memory = all;
    try {
      window.localStorage.setItem(STORE, JSON.stringify(all));
    } catch (e) {
      storageOk = false;
    }
    refreshBar();
  }
  function reviewer() {
    try { return window.localStorage.getItem(WHO) || ""; } catch (e) { return memory.__who || ""; }
  }
  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function exportable(all) {
    return Object.keys(all).sort().map(function (k) { return all[k]; }).filter(function (e) {
      return e && (e.decision === "accept" || e.decision === "reject");
    });
  }
  function refreshBar() {
    var n = exportable(readStore()).length;
    var btn = document.getElementById("export-decisions");
    if (btn) btn.disabled = n === 0;
    var counts = document.querySelectorAll(".decision-count");
    for (var i = 0; i < counts.length; i++) counts[i].textContent = String(n);
    var warn = document.querySelector(".store-warning");
    if (warn) warn.hidden = storageOk;
  }
  function exportDecisions() {
    var who = reviewer();
    var entries = exportable(readStore()).map(function (e) {
      return {
        fingerprint: e.fingerprint, doc: e.doc, claim_id: e.claim_id, text: e.text, status: e.status,
        rule_id: e.rule_id || null, decision: e.decision, note: e.note || "", who: e.who || who, when: e.when
      };
    });
    var text = JSON.stringify({ version: 1, kind: "factcheck-decisions", entries: entries }, null, 2) + "\n";
    var url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = "factcheck-decisions.json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  var nameInput = document.getElementById("reviewer");
  if (nameInput) {
    nameInput.value = reviewer();
    nameInput.addEventListener("input", function () {
      try { window.localStorage.setItem(WHO, nameInput.value); } catch (e) { memory.__who = nameInput.value; }
    });
  }
  var exportBtn = document.getElementById("export-decisions");
  if (exportBtn) exportBtn.addEventListener("click", exportDecisions);
  window.addEventListener("storage", function () { refreshBar(); if (window.factcheckRefresh) window.factcheckRefresh(); });
  refreshBar();

  var page = body.getAttribute("data-page");
  if (page === "overview") overview();
  if (page === "article") article();

  /* ---------- overview: sortable, filterable, paged article table ---------- */
  function overview() {
    var dataEl = document.getElementById("doc-data");
    if (!dataEl) return;
    var data = JSON.parse(dataEl.textContent);
    var F = {};
    data.fields.forEach(function (f, i) { F[f] = i; });
    var rows = data.rows;
    var order = ["error", "contradicted", "unverified", "verified", "waived", "empty"];
    var state = { key: "failing", dir: -1, page: 0, size: 100 };
    var table = document.getElementById("doc-table");
    var tbody = table.tBodies[0];
    var pager = document.getElementById("doc-pager");
    var count = document.getElementById("doc-count");
    var fText = document.getElementById("f-text");
    var fStatus = document.getElementById("f-status");
    var fLang = document.getElementById("f-lang");
    var numeric = { claims: 1, failing: 1, contradicted: 1, unverified: 1, verified: 1, waived: 1 };

    function value(r, key) {
      if (key === "status") return order.indexOf(r[F.status]);
      return r[F[key]];
    }
    function compare(a, b) {
      var va = value(a, state.key), vb = value(b, state.key);
      var c = (numeric[state.key] || state.key === "status") ? va - vb : String(va).localeCompare(String(vb));
      if (c === 0) c = String(a[F.doc]).localeCompare(String(b[F.doc]));
      else c *= state.dir;
      return c;
    }
    function matches(r) {
      var q = fText.value.trim().toLowerCase();
      if (q && (r[F.doc] + " " + r[F.title]).toLowerCase().indexOf(q) < 0) return false;
      var s = fStatus.value;
      if (s === "failing" && !(r[F.failing] > 0)) return false;
      if (s && s !== "failing" && r[F.status] !== s) return false;
      var l = fLang.value;
      if (l && (" " + r[F.langs] + " ").indexOf(" " + l + " ") < 0) return false;
      return true;
    }
    function cell(tr, text, cls) {
      var td = document.createElement("td");
      if (cls) td.className = cls;
      td.textContent = text;
      tr.appendChild(td);
      return td;
    }
    function draw() {
      var list = rows.filter(matches).sort(compare);
      var pages = Math.max(1, Math.ceil(list.length / state.size));
      if (state.page >= pages) state.page = pages - 1;
      var slice = list.slice(state.page * state.size, (state.page + 1) * state.size);
      var frag = document.createDocumentFragment();
      slice.forEach(function (r) {
        var tr = document.createElement("tr");
        var td = cell(tr, "");
        var a = document.createElement("a");
        a.href = "articles/" + r[F.slug] + ".html";
        a.textContent = r[F.doc];
        td.appendChild(a);
        [[F.title, ""], [F.error, "err"]].forEach(function (p) {
          if (r[p[0]]) {
            td.appendChild(document.createElement("br"));
            var sm = document.createElement("small");
            if (p[1]) sm.className = p[1];
            sm.textContent = r[p[0]];
            td.appendChild(sm);
          }
        });
        var st = r[F.status];
        var tds = cell(tr, "");
        var b = document.createElement("span");
        b.className = "badge s-" + st;
        var ic = document.createElement("span");
        ic.setAttribute("aria-hidden", "true");
        ic.textContent = ICONS[st] || "";
        b.appendChild(ic);
        b.appendChild(document.createTextNode(" " + (LABELS[st] || st)));
        tds.appendChild(b);
        cell(tr, r[F.langs]);
        ["claims", "failing", "contradicted", "unverified", "verified"].forEach(function (k) { cell(tr, String(r[F[k]]), "num"); });
        frag.appendChild(tr);
      });
      tbody.textContent = "";
      tbody.appendChild(frag);
      count.textContent = list.length + " of " + rows.length + " articles";
      var ths = table.tHead.rows[0].cells;
      for (var i = 0; i < ths.length; i++) {
        var k = ths[i].getAttribute("data-key");
        ths[i].setAttribute("aria-sort", k === state.key ? (state.dir > 0 ? "ascending" : "descending") : "none");
      }
      pager.textContent = "";
      if (pages > 1) {
        var prev = document.createElement("button");
        prev.type = "button"; prev.className = "btn"; prev.textContent = "\u2190 Previous page";
        prev.disabled = state.page === 0;
        prev.addEventListener("click", function () { state.page--; draw(); });
        var info = document.createElement("span");
        info.textContent = "Page " + (state.page + 1) + " of " + pages;
        var next = document.createElement("button");
        next.type = "button"; next.className = "btn"; next.textContent = "Next page \u2192";
        next.disabled = state.page >= pages - 1;
        next.addEventListener("click", function () { state.page++; draw(); });
        pager.appendChild(prev); pager.appendChild(info); pager.appendChild(next);
      }
    }
    var ths = table.tHead.rows[0].cells;
    for (var i = 0; i < ths.length; i++) {
      (function (th) {
        th.querySelector("button").addEventListener("click", function () {
          var k = th.getAttribute("data-key");
          if (state.key === k) state.dir = -state.dir;
          else { state.key = k; state.dir = (numeric[k] || k === "status") ? -1 : 1; if (k === "status") state.dir = 1; }
          state.page = 0;
          draw();
        });
      })(ths[i]);
    }
    [fText, fStatus, fLang].forEach(function (el) {
      el.addEventListener("input", function () { state.page = 0; draw(); });
    });
    document.getElementById("doc-filters").addEventListener("submit", function (e) { e.preventDefault(); });
    draw();
  }

  /* ---------- article: selection, filters, keyboard, decisions ---------- */
  function article() {
    var details = Array.prototype.slice.call(document.querySelectorAll(".detail"));
    var items = Array.prototype.slice.call(document.querySelectorAll("#claim-list li"));
    var byI = {};
    details.forEach(function (d) {
      var i = d.getAttribute("data-i");
      byI[i] = { detail: d, mark: document.getElementById("m" + i), item: null };
    });
    items.forEach(function (li) { var e = byI[li.getAttribute("data-i")]; if (e) e.item = li; });
    var order = details.map(function (d) { return d.getAttribute("data-i"); });
    var current = null;
    var countEl = document.getElementById("claim-count");

    function select(i, focusMark) {
      var e = byI[i];
      if (!e) return;
      if (current && byI[current]) {
        var c = byI[current];
        c.detail.classList.remove("current");
        if (c.mark) c.mark.classList.remove("current");
        if (c.item) c.item.classList.remove("current");
        if (c.item) c.item.querySelector("a").removeAttribute("aria-current");
      }
      current = i;
      e.detail.classList.add("current");
      if (e.mark) e.mark.classList.add("current");
      if (e.item) { e.item.classList.add("current"); e.item.querySelector("a").setAttribute("aria-current", "true"); }
      if (history.replaceState) history.replaceState(null, "", "#d" + i);
      if (e.item && e.item.scrollIntoView) e.item.scrollIntoView({ block: "nearest" });
      if (e.mark) {
        e.mark.scrollIntoView({ block: "center" });
        if (focusMark) e.mark.focus({ preventScroll: true });
      } else if (focusMark) {
        e.item.querySelector("a").focus({ preventScroll: true });
      }
    }

    function filters() {
      var statuses = {};
      var boxes = document.querySelectorAll("#claim-filters input[name=status]");
      for (var k = 0; k < boxes.length; k++) statuses[boxes[k].value] = boxes[k].checked;
      return {
        statuses: statuses,
        failing: document.getElementById("f-failing").checked,
        kind: document.getElementById("f-kind").value,
        rule: document.getElementById("f-rule").value
      };
    }
    function visible(el, f) {
      return !!f.statuses[el.getAttribute("data-status")] &&
        (!f.failing || el.getAttribute("data-fails") === "1") &&
        (!f.kind || el.getAttribute("data-kind") === f.kind) &&
        (!f.rule || el.getAttribute("data-rule") === f.rule);
    }
    function applyFilters() {
      var f = filters();
      var shown = 0;
      order.forEach(function (i) {
        var e = byI[i];
        var ok = visible(e.detail, f);
        if (ok) shown++;
        if (e.item) e.item.hidden = !ok;
        if (e.mark) {
          e.mark.classList.toggle("dim", !ok);
          if (ok) e.mark.removeAttribute("tabindex"); else e.mark.setAttribute("tabindex", "-1");
        }
      });
      if (countEl) countEl.textContent = shown + " of " + order.length + " claims shown";
    }
    function step(dir, failingOnly) {
      var f = filters();
      var cands = order.filter(function (i) {
        var d = byI[i].detail;
        return visible(d, f) && (!failingOnly || d.getAttribute("data-fails") === "1");
      });
      if (!cands.length) return;
      var pos = current === null ? -1 : order.indexOf(current);
      var next = null;
      if (dir > 0) {
        for (var a = 0; a < cands.length; a++) if (order.indexOf(cands[a]) > pos) { next = cands[a]; break; }
        if (next === null) next = cands[0];
      } else {
        for (var b = cands.length - 1; b >= 0; b--) if (order.indexOf(cands[b]) < pos || pos < 0) { next = cands[b]; break; }
        if (next === null) next = cands[cands.length - 1];
      }
      select(next, true);
    }

    /* decisions */
    function keyOf(d) { return d.getAttribute("data-doc") + "\n" + d.getAttribute("data-fingerprint"); }
    function show(d) {
      var all = readStore();
      var e = all[keyOf(d)] || {};
      var i = d.getAttribute("data-i");
      var btns = d.querySelectorAll(".decide-buttons .btn[data-decision]");
      for (var k = 0; k < btns.length; k++) {
        var v = btns[k].getAttribute("data-decision");
        if (v) btns[k].setAttribute("aria-pressed", String(e.decision === v));
      }
      var note = d.querySelector(".note");
      if (note && document.activeElement !== note) note.value = e.note || "";
      var state = d.querySelector(".decision-state");
      var label = e.decision === "accept" ? "accepted" : e.decision === "reject" ? "rejected" : "";
      if (state) {
        state.textContent = label ? "You " + label + " this claim" + (e.when ? " on " + e.when : "") + "." :
          (e.note ? "Note kept; accept or reject to export it." : "");
      }
      var m = byI[i].mark;
      if (m) { if (e.decision) m.setAttribute("data-decision", e.decision); else m.removeAttribute("data-decision"); }
      var li = byI[i].item;
      if (li) {
        var tag = li.querySelector(".decision-tag");
        tag.hidden = !label;
        tag.textContent = e.decision === "accept" ? "\u2611 accepted" : e.decision === "reject" ? "\u2612 rejected" : "";
      }
    }
    function update(d, change) {
      var all = readStore();
      var k = keyOf(d);
      var e = all[k] || {
        fingerprint: d.getAttribute("data-fingerprint"), doc: d.getAttribute("data-doc"),
        claim_id: d.getAttribute("data-claim-id"), text: d.getAttribute("data-text"),
        status: d.getAttribute("data-status"), rule_id: d.getAttribute("data-rule") || null,
        decision: "", note: ""
      };
      change(e);
      e.who = reviewer();
      e.when = today();
      if (!e.decision && !e.note) delete all[k]; else all[k] = e;
      writeStore(all);
      show(d);
    }
    function decide(d, value) { update(d, function (e) { e.decision = value; }); }
    details.forEach(function (d) {
      var btns = d.querySelectorAll(".decide-buttons .btn");
      for (var k = 0; k < btns.length; k++) {
        (function (btn) {
          btn.addEventListener("click", function () { decide(d, btn.getAttribute("data-decision")); });
        })(btns[k]);
      }
      var note = d.querySelector(".note");
      note.addEventListener("input", function () { update(d, function (e) { e.note = note.value; }); });
      show(d);
    });
    window.factcheckRefresh = function () { details.forEach(show); };

    /* wiring */
    document.addEventListener("click", function (ev) {
      var t = ev.target;
      var a = t && t.closest ? t.closest("a[data-i], .dot-row") : null;
      if (!a) return;
      ev.preventDefault();
      select(a.getAttribute("data-i"), false);
      if (a.classList.contains("claim")) a.focus({ preventScroll: true });
    });
    var form = document.getElementById("claim-filters");
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var t = ev.target;
      var tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) {
        if (ev.key === "Escape" && current) { byI[current].mark ? byI[current].mark.focus() : t.blur(); }
        return;
      }
      var k = ev.key;
      if (k === "n") step(1, true);
      else if (k === "p") step(-1, true);
      else if (k === "j") step(1, false);
      else if (k === "k") step(-1, false);
      else if ((k === "a" || k === "r") && current) decide(byI[current].detail, k === "a" ? "accept" : "reject");
      else if (k === "e" && current) byI[current].detail.querySelector(".note").focus();
      else if (k === "Escape" && current && byI[current].mark) byI[current].mark.focus();
      else return;
      ev.preventDefault();
    });
    applyFilters();
    var m = /^#[dm](\d+)$/.exec(location.hash);
    if (m && byI[m[1]]) select(m[1], false);
  }
})();
