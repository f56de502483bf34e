/* citykg overview: builds every piece of text with textContent, never innerHTML, so
   names and sentences from documents stay plain text. Positions come from Python:
   the page opens settled, physics runs only when the user asks for it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ckg-data").textContent);
  var T = data.text;
  var fullLabel = {};
  var byRank = [];
  data.nodes.forEach(function (n) {
    fullLabel[n.id] = n.label;
    byRank[n.labelRank] = n.id;
    n.label = undefined;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("ckg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var view = {
    network: network, nodes: nodes, edges: edges, stabilized: false, select: null,
    firstPaint: null, settled: null, labelled: 0, hiddenClasses: []
  };
  window.citykgView = view;

  // ---------------------------------------------------------------- labels by zoom
  // vis-network draws no node label (they would shrink with the zoom and overlap); the
  // page draws them at a fixed screen size, most central first, within a budget that
  // grows with the zoom, skipping any label that would overlap one already drawn.
  var fitScale = 1;
  var pinned = null;
  var edgeLabels = true;
  function budget() {
    var ratio = network.getScale() / fitScale;
    if (byRank.length <= data.labelBudget * 1.5) { return byRank.length; }
    return Math.min(byRank.length, Math.round(data.labelBudget * ratio * ratio));
  }
  function edgeLabelsForZoom() {
    var want = network.getScale() >= 0.75;
    if (want !== edgeLabels) {
      edgeLabels = want;
      network.setOptions({ edges: { font: { size: want ? 11 : 0 } } });
    }
  }
  network.fit({ animation: false });
  fitScale = network.getScale() || 1;
  edgeLabelsForZoom();
  network.on("zoom", edgeLabelsForZoom);
  function drawLabels(ctx) {
    var scale = network.getScale(), n = budget(), boxes = [], drawn = 0;
    var size = 13 / scale, pad = 2 / scale;
    ctx.font = "500 " + size + "px system-ui, -apple-system, Roboto, Arial, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    var ids = byRank.slice(0, n);
    if (pinned !== null && ids.indexOf(pinned) < 0) { ids.unshift(pinned); } else if (pinned !== null) {
      ids.splice(ids.indexOf(pinned), 1); ids.unshift(pinned);
    }
    var pos = network.getPositions(ids);
    ids.forEach(function (id) {
      var node = nodes.get(id);
      if (!node || node.hidden || !pos[id]) { return; }
      var text = fullLabel[id], w = ctx.measureText(text).width;
      var body = network.body.nodes[id];
      var below = body && body.shape && body.shape.height ? body.shape.height / 2 : 10;
      var x = pos[id].x, y = pos[id].y + below + pad;
      var box = [x - w / 2 - pad, y - pad, x + w / 2 + pad, y + size + pad];
      for (var k = 0; k < boxes.length; k++) {
        var b = boxes[k];
        if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3] && id !== pinned) { return; }
      }
      boxes.push(box);
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(text, x, y);
      ctx.fillStyle = "#1f2933";
      ctx.fillText(text, x, y);
      drawn++;
    });
    view.labelled = drawn;
  }
  function pinLabel(id) { pinned = id; network.redraw(); }
  network.on("afterDrawing", drawLabels);

  network.once("afterDrawing", function () {
    view.firstPaint = performance.now();
    view.settled = view.firstPaint;
    view.stabilized = true;
    document.body.setAttribute("data-stabilized", "true");
  });
  if (nodes.length === 0) { view.stabilized = true; view.firstPaint = view.settled = performance.now(); }

  // ---------------------------------------------------------------- groups
  network.on("beforeDrawing", function (ctx) {
    var scale = network.getScale();
    var size = 12 / scale;
    ctx.font = "600 " + size + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    (data.groups || []).forEach(function (g) {
      ctx.beginPath();
      ctx.arc(g.x, g.y, g.r, 0, 2 * Math.PI);
      ctx.fillStyle = g.fill;
      ctx.fill();
      ctx.lineWidth = 1 / scale;
      ctx.strokeStyle = "#d3dae1";
      ctx.stroke();
      var text = g.label;
      if (text && ctx.measureText(text).width > 2 * g.r) { text = text.split(" · ")[0]; }
      if (text && ctx.measureText(text).width <= 2.2 * g.r) {
        ctx.fillStyle = "#7b8794";
        ctx.fillText(text, g.x, g.y - g.r - 3 / scale);
      }
    });
  });

  // ---------------------------------------------------------------- physics on demand
  var physicsButton = document.getElementById("ckg-physics");
  view.physics = false;
  physicsButton.addEventListener("click", function () {
    view.physics = !view.physics;
    network.setOptions({ physics: { enabled: view.physics } });
    physicsButton.textContent = view.physics ? T.physics_on : T.physics_off;
    physicsButton.setAttribute("aria-pressed", String(view.physics));
  });

  // ---------------------------------------------------------------- legend
  function toggleClass(item) {
    var cls = item.getAttribute("data-class");
    var shown = item.getAttribute("aria-pressed") !== "true";
    item.setAttribute("aria-pressed", String(shown));
    var changes = nodes.get({ filter: function (n) { return n.info && n.info.cls === cls; } })
      .map(function (n) { return { id: n.id, hidden: !shown }; });
    nodes.update(changes);
    view.hiddenClasses = Array.prototype.slice.call(
      document.querySelectorAll('#ckg-legend li[aria-pressed="false"]')
    ).map(function (li) { return li.getAttribute("data-class"); });
    hideTooltip();
  }
  Array.prototype.forEach.call(document.querySelectorAll("#ckg-legend li[data-class]"), function (li) {
    li.addEventListener("click", function () { toggleClass(li); });
    li.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggleClass(li); }
    });
  });

  // ---------------------------------------------------------------- cards
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
  function list(items, more) {
    var ul = el("ul");
    items.forEach(function (t) { ul.appendChild(el("li", t)); });
    if (more) { ul.appendChild(el("li", T.more_groups.replace("{n}", more), "ckg-hint")); }
    return ul;
  }
  function evidenceBlock(parent, info, limit) {
    (info.evidence || []).slice(0, limit).forEach(function (s) { parent.appendChild(el("blockquote", s)); });
    if (info.confidence !== null && info.confidence !== undefined) {
      parent.appendChild(el("span", T.confidence + " " + Number(info.confidence).toFixed(2), "ckg-conf"));
    }
  }

  // A node's relations grouped by the entity at the other end (an event's title once).
  function relationGroups(id) {
    var groups = {}, order = [];
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edges.get(eid);
      var other = e.from === id ? e.to : e.from;
      if (!groups[other]) { groups[other] = []; order.push(other); }
      groups[other].push(e);
    });
    order.sort(function (a, b) { return groups[b].length - groups[a].length || (a < b ? -1 : 1); });
    return order.map(function (o) { return { other: o, edges: groups[o] }; });
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
    if (i.documents && i.documents.length) { row(dl, T.documents, withLinks ? list(i.documents, i.documentsMore) : list(i.documents.slice(0, 3))); }
    card.appendChild(dl);
    var groups = relationGroups(id);
    var total = network.getConnectedEdges(id).length;
    if (groups.length) {
      card.appendChild(el("div", T.relations_of + " (" + total + ")", "ckg-section"));
      var limit = withLinks ? 40 : 5;
      groups.slice(0, limit).forEach(function (g) {
        var other = nodes.get(g.other);
        var oi = (other && other.info) || {};
        var head = el("div", oi.label || g.other, "ckg-group");
        head.appendChild(el("span", oi.clsLabel || "", "cls"));
        card.appendChild(head);
        var ul = el("ul");
        g.edges.forEach(function (e) {
          var info = e.info || {};
          var li = el("li", (e.from === id ? "→ " : "← ") + info.label, "ckg-pred");
          evidenceBlock(li, info, withLinks ? 3 : 1);
          ul.appendChild(li);
        });
        card.appendChild(ul);
      });
      if (groups.length > limit) { card.appendChild(el("div", T.more_groups.replace("{n}", groups.length - limit), "ckg-hint")); }
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
    evidenceBlock(card, info, 3);
    if (info.documents && info.documents.length) {
      card.appendChild(el("div", T.documents, "ckg-section"));
      card.appendChild(list(info.documents, info.documentsMore));
    }
    return card;
  }

  // ---------------------------------------------------------------- tooltip
  var tooltip = document.getElementById("ckg-tooltip");
  function showTooltip(card, pointer) {
    while (tooltip.firstChild) { tooltip.removeChild(tooltip.firstChild); }
    tooltip.appendChild(card);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var px = box.left + pointer.x, py = box.top + pointer.y;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    var x = px + 14, y = py + 14;
    if (x + w > window.innerWidth - 4) { x = px - w - 14; }
    if (y + h > window.innerHeight - 4) { y = window.innerHeight - h - 4; }
    tooltip.style.left = Math.max(4, x) + "px";
    tooltip.style.top = Math.max(4, y) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  view.hideTooltip = hideTooltip;
  network.on("hoverNode", function (p) { showTooltip(nodeCard(p.node, false), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(edgeCard(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  container.addEventListener("mouseleave", hideTooltip);
  window.addEventListener("blur", hideTooltip);

  var details = document.getElementById("ckg-details");
  function showDetails(card) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(card);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { pinLabel(p.nodes[0]); showDetails(nodeCard(p.nodes[0], true)); }
    else if (p.edges.length) { showDetails(edgeCard(p.edges[0])); }
  });

  // ---------------------------------------------------------------- search
  function norm(s) {
    return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  var index = nodes.get().map(function (n) {
    var i = n.info || {};
    var names = [i.label, i.labelEn, i.labelFr].concat(i.aliases || []).filter(function (x) { return x; });
    return { id: n.id, label: i.label || fullLabel[n.id], cls: i.clsLabel || "", keys: names.map(norm) };
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
    hideTooltip();
    if (nodes.get(id).hidden) { nodes.update({ id: id, hidden: false }); }
    network.selectNodes([id]);
    pinLabel(id);
    if (!keepView) { network.focus(id, { scale: Math.max(1.4, network.getScale()), animation: false }); }
    showDetails(nodeCard(id, true));
    return true;
  }
  view.select = select;
  view.search = function (q) { return search(q).map(function (r) { return r.id; }); };
  view.fullLabel = function (id) { return fullLabel[id]; };

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
