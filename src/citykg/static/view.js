/* citykg view: builds every piece of text with textContent, never innerHTML, so
   names and sentences from documents stay plain text. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ckg-data").textContent);
  var T = data.text;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("ckg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var view = { network: network, nodes: nodes, edges: edges, stabilized: false, select: null };
  window.citykgView = view;

  // Settle once, then stop: physics off so nothing drifts or jiggles afterwards.
  function freeze() {
    if (view.stabilized) { return; }
    network.setOptions({ physics: { enabled: false } });
    view.stabilized = true;
    document.body.setAttribute("data-stabilized", "true");
  }
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (nodes.length === 0) { freeze(); }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function safeUrl(u) {
    try {
      var url = new URL(String(u));
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (err) { return null; }
  }
  function link(u) {
    var href = safeUrl(u);
    if (!href) { return el("span", u); }
    var a = el("a", href);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function row(dl, key, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    dl.appendChild(el("dt", key));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }
  function list(items) {
    var ul = el("ul");
    items.forEach(function (t) { ul.appendChild(el("li", t)); });
    return ul;
  }
  function evidenceBlock(parent, info) {
    (info.evidence || []).slice(0, 3).forEach(function (s) { parent.appendChild(el("blockquote", s)); });
    if (info.confidence !== null && info.confidence !== undefined) {
      parent.appendChild(el("span", T.confidence + " " + Number(info.confidence).toFixed(2), "ckg-conf"));
    }
  }

  function nodeCard(id, withLinks) {
    var n = nodes.get(id);
    var i = n.info || {};
    var card = el("div", null, "ckg-card");
    card.setAttribute("data-node", String(id));
    card.appendChild(el("div", i.clsLabel, "ckg-type"));
    card.appendChild(el("div", i.label, "ckg-name"));
    if (i.aggregate) {
      card.appendChild(el("p", i.note));
      if (i.members && i.members.length) { card.appendChild(list(i.members)); }
      return card;
    }
    var dl = el("dl");
    row(dl, T.label_en, i.labelEn);
    row(dl, T.label_fr, i.labelFr);
    row(dl, T.aliases, (i.aliases || []).join(", "));
    if (i.startDate) { row(dl, T.dates, i.startDate + (i.endDate && i.endDate !== i.startDate ? " → " + i.endDate : "")); }
    row(dl, T.target, i.targetYear);
    var links = [i.geonames, i.wikidata].filter(function (u) { return u; });
    if (links.length) {
      var box = el("div");
      links.forEach(function (u) {
        var line = el("div");
        line.appendChild(withLinks ? link(u) : el("span", u));
        box.appendChild(line);
      });
      row(dl, T.links, box);
    }
    if (i.documents && i.documents.length) { row(dl, T.documents, list(i.documents)); }
    card.appendChild(dl);
    var rel = network.getConnectedEdges(id);
    if (rel.length) {
      card.appendChild(el("div", T.relations_of + " (" + rel.length + ")", "ckg-section"));
      var ul = el("ul");
      rel.slice(0, withLinks ? 50 : 8).forEach(function (eid) {
        var e = edges.get(eid);
        var info = e.info || {};
        var text = info.from + " — " + info.label + " → " + info.to;
        var li = el("li", text);
        evidenceBlock(li, info);
        ul.appendChild(li);
      });
      if (rel.length > (withLinks ? 50 : 8)) { ul.appendChild(el("li", "…")); }
      card.appendChild(ul);
    }
    return card;
  }

  function edgeCard(id) {
    var e = edges.get(id);
    var info = e.info || {};
    var card = el("div", null, "ckg-card");
    card.setAttribute("data-edge", String(id));
    card.appendChild(el("div", T.relations_of, "ckg-type"));
    card.appendChild(el("div", info.from + " → " + info.label + " → " + info.to, "ckg-name"));
    if (info.evidence && info.evidence.length) { card.appendChild(el("div", T.evidence, "ckg-section")); }
    evidenceBlock(card, info);
    if (info.documents && info.documents.length) {
      card.appendChild(el("div", T.documents, "ckg-section"));
      card.appendChild(list(info.documents));
    }
    return card;
  }

  var tooltip = document.getElementById("ckg-tooltip");
  function showTooltip(card, pointer) {
    while (tooltip.firstChild) { tooltip.removeChild(tooltip.firstChild); }
    tooltip.appendChild(card);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14, y = box.top + pointer.y + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 4) { x = Math.max(4, box.left + pointer.x - w - 14); }
    if (y + h > window.innerHeight - 4) { y = Math.max(4, window.innerHeight - h - 4); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(nodeCard(p.node, false), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(edgeCard(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  var details = document.getElementById("ckg-details");
  function showDetails(card) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(card);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails(nodeCard(p.nodes[0], true)); }
    else if (p.edges.length) { showDetails(edgeCard(p.edges[0])); }
  });

  // Search: accent- and case-insensitive, on labels in both languages and aliases.
  function norm(s) {
    return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  var index = nodes.get().map(function (n) {
    var i = n.info || {};
    var names = [i.label, i.labelEn, i.labelFr].concat(i.aliases || []).filter(function (x) { return x; });
    return { id: n.id, label: i.label || n.label, cls: i.clsLabel || "", keys: names.map(norm) };
  });
  function search(q) {
    q = norm(q);
    if (!q) { return []; }
    var scored = [];
    index.forEach(function (r) {
      var best = 9;
      r.keys.forEach(function (k) {
        if (k === q) { best = Math.min(best, 0); }
        else if (k.indexOf(q) === 0) { best = Math.min(best, 1); }
        else if (k.indexOf(q) > 0) { best = Math.min(best, 2); }
      });
      if (best < 9) { scored.push([best, r]); }
    });
    scored.sort(function (a, b) {
      return a[0] - b[0] || (a[1].label < b[1].label ? -1 : a[1].label > b[1].label ? 1 : 0);
    });
    return scored.slice(0, 12).map(function (s) { return s[1]; });
  }
  function select(id, keepView) {
    if (!nodes.get(id)) { return false; }
    network.selectNodes([id]);
    if (!keepView) { network.focus(id, { scale: 1.4, animation: false }); }
    showDetails(nodeCard(id, true));
    return true;
  }
  view.select = select;
  view.search = function (q) { return search(q).map(function (r) { return r.id; }); };

  var input = document.getElementById("ckg-search");
  var results = document.getElementById("ckg-results");
  var current = [];
  function renderResults() {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    current = search(input.value);
    if (!input.value.trim()) { results.hidden = true; return; }
    if (!current.length) { results.appendChild(el("li", T.no_results)); }
    current.forEach(function (r, k) {
      var li = el("li", r.label);
      li.appendChild(el("span", r.cls, "cls"));
      li.setAttribute("data-node", String(r.id));
      if (k === 0) { li.className = "active"; }
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(r.id); });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function choose(id) {
    results.hidden = true;
    select(id);
  }
  input.addEventListener("input", renderResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      current = search(input.value);
      if (current.length) { choose(current[0].id); }
    } else if (ev.key === "Escape") { results.hidden = true; }
  });
  input.addEventListener("blur", function () { results.hidden = true; });
})();
