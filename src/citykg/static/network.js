/* citykg cooperation network: cities as nodes, host → learning city links. Positions come
   from Python, physics only on demand; filters hide links with no exchange left. */
(function () {
  "use strict";
  var kit = window.citykgCoopKit;
  var data = kit.data, T = kit.T;
  var linkById = {};
  data.links.forEach(function (l) { linkById[l.id] = l; });
  function total(l) { return l.total === undefined ? l.exchanges.length : l.total; }
  function width(n) { return 1 + 1.8 * Math.log2(1 + n); }
  function edgeLabel(n) { return n > 1 ? kit.amount(n) : ""; }
  var nodes = new vis.DataSet(data.cities.map(function (c) {
    var p = data.positions[c.id];
    return {
      id: c.id, label: c.label, x: p[0], y: p[1], value: c.hosted + c.learned,
      shape: "dot", color: { background: "#0072B2", border: "#1f2933" }
    };
  }));
  var edges = new vis.DataSet(data.links.map(function (l) {
    return {
      id: l.id, from: l.from, to: l.to, width: width(total(l)),
      label: edgeLabel(total(l)), color: { color: l.colour, highlight: l.colour, hover: l.colour }
    };
  }));
  var container = document.getElementById("ckg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var view = {
    network: network, nodes: nodes, edges: edges, stabilized: false, firstPaint: null,
    settled: null, kit: kit, shown: null
  };
  window.citykgView = view;
  network.fit({ animation: false });
  // labels keep one screen size whatever the zoom (vis-network scales them with it)
  function fontForZoom() {
    var scale = network.getScale() || 1;
    network.setOptions({ nodes: { font: { size: 13 / scale, strokeWidth: 4 / scale } },
                         edges: { font: { size: 11 / scale, strokeWidth: 3 / scale } } });
  }
  fontForZoom();
  network.on("zoom", fontForZoom);
  network.once("afterDrawing", function () {
    view.firstPaint = view.settled = performance.now();
    view.stabilized = true;
  });
  if (nodes.length === 0) { view.stabilized = true; view.firstPaint = view.settled = performance.now(); }

  kit.onChange(function (shown, cityIds) {
    view.shown = shown;
    edges.update(data.links.map(function (l) {
      var n = shown[l.id].total;
      return { id: l.id, hidden: n === 0, width: width(n), label: edgeLabel(n) };
    }));
    nodes.update(data.cities.map(function (c) { return { id: c.id, hidden: !cityIds[c.id] }; }));
  });
  kit.changed();

  function client(pointer) {
    var box = container.getBoundingClientRect();
    return [box.left + pointer.x, box.top + pointer.y];
  }
  network.on("hoverNode", function (p) {
    var at = client(p.pointer.DOM);
    kit.showTooltip(kit.cityCard(p.node, view.shown, false), at[0], at[1]);
  });
  network.on("hoverEdge", function (p) {
    var at = client(p.pointer.DOM);
    kit.showTooltip(kit.linkCard(linkById[p.edge], view.shown[p.edge], false), at[0], at[1]);
  });
  network.on("blurNode", kit.hideTooltip);
  network.on("blurEdge", kit.hideTooltip);
  network.on("dragStart", kit.hideTooltip);
  network.on("zoom", kit.hideTooltip);
  network.on("click", function (p) {
    if (p.nodes.length) { kit.showDetails(kit.cityCard(p.nodes[0], view.shown, true)); }
    else if (p.edges.length) { kit.showDetails(kit.linkCard(linkById[p.edges[0]], view.shown[p.edges[0]], true)); }
  });

  var button = document.getElementById("ckg-physics");
  view.physics = false;
  button.addEventListener("click", function () {
    view.physics = !view.physics;
    network.setOptions({ physics: { enabled: view.physics } });
    button.textContent = view.physics ? T.physics_on : T.physics_off;
    button.setAttribute("aria-pressed", String(view.physics));
  });
})();
