/* citykg map: SVG built from JSON with createElementNS, setAttribute and textContent
   only. Wheel zooms around the pointer, drag pans; arcs go from host to learning city. */
(function () {
  "use strict";
  var kit = window.citykgCoopKit;
  var data = kit.data;
  var NS = "http://www.w3.org/2000/svg";
  var container = document.getElementById("ckg-network");
  function svgEl(tag, attrs, cls) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (cls) { e.setAttribute("class", cls); }
    return e;
  }
  var vb = data.viewBox;
  var svg = svgEl("svg", { viewBox: vb.join(" "), preserveAspectRatio: "xMidYMid meet", role: "img" });
  var world = svgEl("g", {}, "world");
  var land = svgEl("g", {}, "land-layer");
  var arcs = svgEl("g", {}, "arcs");
  var dots = svgEl("g", {}, "cities");
  var labels = svgEl("g", {}, "labels");
  // one arrowhead at the learning city's end of every arc (host → learner)
  var defs = svgEl("defs");
  var marker = svgEl("marker", { id: "ckg-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5,
    markerWidth: 4, markerHeight: 4, orient: "auto-start-reverse" });
  marker.appendChild(svgEl("path", { d: "M0 0L10 5L0 10z", fill: "#3e4c59" }));
  defs.appendChild(marker);
  svg.appendChild(defs);
  world.appendChild(land); world.appendChild(arcs); world.appendChild(dots); world.appendChild(labels);
  svg.appendChild(world);
  container.appendChild(svg);
  data.basemap.forEach(function (c) { land.appendChild(svgEl("path", { d: c.d }, "land")); });

  var view = { svg: svg, kit: kit, stabilized: false, firstPaint: null, settled: null, shown: null,
               scale: 1, tx: 0, ty: 0, arcs: {}, cities: {} };
  window.citykgView = view;
  window.citykgMap = view;

  var linkById = {};
  data.links.forEach(function (l) {
    linkById[l.id] = l;
    if (!l.arc) { return; }
    var p = svgEl("path", { d: l.arc, stroke: l.colour, "data-link": l.id, "marker-end": "url(#ckg-arrow)" }, "arc");
    arcs.appendChild(p);
    view.arcs[l.id] = p;
  });
  var ranked = data.cities.filter(function (c) { return c.xy; })
    .sort(function (a, b) { return (b.hosted + b.learned) - (a.hosted + a.learned) || (a.label < b.label ? -1 : 1); });
  ranked.forEach(function (c, rank) {
    var r = 2.5 + 1.2 * Math.sqrt(c.hosted + c.learned);
    var dot = svgEl("circle", { cx: c.xy[0], cy: c.xy[1], r: r, "data-city": c.id }, "city");
    dots.appendChild(dot);
    var label = svgEl("text", { x: c.xy[0] + r + 1.5, y: c.xy[1] + 3 }, "city-label");
    label.textContent = c.label;
    labels.appendChild(label);
    view.cities[c.id] = { dot: dot, label: label, r: r, rank: rank };
  });

  // ---------------------------------------------------------------- zoom, pan, labels
  function apply() {
    world.setAttribute("transform", "translate(" + view.tx + " " + view.ty + ") scale(" + view.scale + ")");
    // labels: most active cities first, within a budget growing with the zoom, never
    // overlapping one already placed (boxes estimated in map units at this zoom)
    var budget = Math.round(20 * view.scale * view.scale), boxes = [], k = view.scale;
    ranked.forEach(function (city) {
      var c = view.cities[city.id];
      var r = c.r / Math.sqrt(k);
      c.dot.setAttribute("r", r);
      c.label.setAttribute("x", city.xy[0] + r + 1.5 / k);
      c.label.setAttribute("y", city.xy[1] + 4 / k);
      c.label.style.fontSize = (11 / k) + "px";
      c.label.style.strokeWidth = (3 / k) + "px";
      var on = !c.dot.hidden && c.rank < budget;
      if (on) {
        var x0 = city.xy[0] + r, y0 = city.xy[1] - 7 / k;
        var box = [x0, y0, x0 + (city.label.length * 6.3 + 4) / k, y0 + 13 / k];
        on = !boxes.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
        if (on) { boxes.push(box); }
      }
      c.label.style.display = on ? "" : "none";
    });
    view.labelled = boxes.length;
    Object.keys(view.arcs).forEach(function (id) {
      var n = view.shown ? view.shown[id].total : 1;
      view.arcs[id].style.strokeWidth = (1.2 + 1.4 * Math.log2(1 + n)) + "px";
    });
  }
  function toSvg(ev) {
    var pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toSvg(ev);
    var next = Math.max(1, Math.min(40, view.scale * (ev.deltaY < 0 ? 1.25 : 0.8)));
    view.tx = p.x - (p.x - view.tx) * next / view.scale;
    view.ty = p.y - (p.y - view.ty) * next / view.scale;
    view.scale = next;
    kit.hideTooltip();
    apply();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { p: toSvg(ev), tx: view.tx, ty: view.ty }; });
  window.addEventListener("mouseup", function () { drag = null; });
  svg.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var p = toSvg(ev);
    view.tx = drag.tx + p.x - drag.p.x;
    view.ty = drag.ty + p.y - drag.p.y;
    drag.p = { x: p.x - (view.tx - drag.tx), y: p.y - (view.ty - drag.ty) };
    drag.tx = view.tx; drag.ty = view.ty;
    apply();
  });
  view.zoomTo = function (scale, cx, cy) {
    view.scale = scale; view.tx = -cx * (scale - 1); view.ty = -cy * (scale - 1); apply();
  };

  // ---------------------------------------------------------------- filters
  kit.onChange(function (shown, cityIds) {
    view.shown = shown;
    Object.keys(view.arcs).forEach(function (id) { view.arcs[id].style.display = shown[id].total ? "" : "none"; });
    Object.keys(view.cities).forEach(function (id) {
      var hide = !cityIds[id];
      view.cities[id].dot.style.display = hide ? "none" : "";
      view.cities[id].dot.hidden = hide;
    });
    view.visibleArcs = Object.keys(view.arcs).filter(function (id) { return shown[id].total; }).length;
    view.visibleCities = Object.keys(view.cities).filter(function (id) { return !view.cities[id].dot.hidden; }).length;
    apply();
  });
  kit.changed();

  // ---------------------------------------------------------------- tooltips
  function hover(target, ev, full) {
    var link = target.getAttribute("data-link"), city = target.getAttribute("data-city");
    if (link) { return kit.linkCard(linkById[link], view.shown[link], full); }
    if (city) { return kit.cityCard(city, view.shown, full); }
    return null;
  }
  [arcs, dots].forEach(function (layer) {
    layer.addEventListener("mouseover", function (ev) {
      var card = hover(ev.target, ev, false);
      if (card) {
        if (ev.target.classList) { ev.target.classList.add("hot"); }
        kit.showTooltip(card, ev.clientX, ev.clientY);
      }
    });
    layer.addEventListener("mouseout", function (ev) {
      if (ev.target.classList) { ev.target.classList.remove("hot"); }
      kit.hideTooltip();
    });
    layer.addEventListener("click", function (ev) {
      var card = hover(ev.target, ev, true);
      if (card) { kit.showDetails(card); }
    });
  });

  requestAnimationFrame(function () {
    view.firstPaint = view.settled = performance.now();
    view.stabilized = true;
  });
})();
