/* citykg cooperation pages (network and map): shared cards, tooltip and filters.
   Every piece of document text goes through textContent, never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ckg-data").textContent);
  var T = data.text;
  var cities = {};
  data.cities.forEach(function (c) { cities[c.id] = c; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function amount(n) { return n === 1 ? T.one_exchange : T.n_exchanges.replace("{n}", n); }

  // ---------------------------------------------------------------- filters
  var from = document.getElementById("ckg-from");
  var to = document.getElementById("ckg-to");
  var topic = document.getElementById("ckg-topic");
  function option(select, value, label) {
    var o = el("option", label);
    o.value = String(value);
    select.appendChild(o);
  }
  var years = data.years.length ? data.years : [0, 0];
  for (var y = years[0]; y <= years[1]; y++) { option(from, y, y); option(to, y, y); }
  from.value = String(years[0]);
  to.value = String(years[1]);
  if (!data.years.length) { from.disabled = to.disabled = true; }
  option(topic, "", T.all_topics);
  data.topics.forEach(function (t) { option(topic, t.label, t.label + " (" + t.count + ")"); });

  function state() {
    var a = Number(from.value), b = Number(to.value);
    return { from: Math.min(a, b), to: Math.max(a, b), topic: topic.value };
  }
  function keep(x, s) {
    if (data.years.length && x.year !== null && (x.year < s.from || x.year > s.to)) { return false; }
    if (s.topic && x.topics.indexOf(s.topic) < 0) { return false; }
    return true;
  }
  // Exchanges a link counts without listing them (l.more: per year and topics) that pass.
  function counted(groups, s) {
    var n = 0;
    (groups || []).forEach(function (g) { if (keep(g, s)) { n += g.n; } });
    return n;
  }
  // Per link: the listed exchanges that pass the filters, with .total counting the
  // unlisted ones too (links with none are hidden).
  function visible() {
    var s = state(), out = {};
    data.links.forEach(function (l) {
      out[l.id] = l.exchanges.filter(function (x) { return keep(x, s); });
      out[l.id].total = out[l.id].length + counted(l.more, s);
    });
    return out;
  }
  var listeners = [];
  function changed() {
    var shown = visible();
    var nLinks = 0, ex = {}, cityIds = {};
    data.links.forEach(function (l) {
      if (shown[l.id].total) {
        nLinks++;
        cityIds[l.from] = cityIds[l.to] = true;
        shown[l.id].forEach(function (x) { ex[x.iri] = true; });
      }
    });
    // data.linked: the distinct exchanges per year and topics, when links do not list all
    var nEx = data.linked ? counted(data.linked, state()) : Object.keys(ex).length;
    var counts = { cities: Object.keys(cityIds).length, links: nLinks, exchanges: nEx };
    document.getElementById("ckg-counts").textContent =
      counts.cities + " " + T.cities + " · " + counts.links + " " + T.links + " · " +
      counts.exchanges + " " + T.exchanges;
    kit.counts = counts;
    listeners.forEach(function (f) { f(shown, cityIds); });
    hideTooltip();
  }
  [from, to, topic].forEach(function (s) { s.addEventListener("change", changed); });

  // ---------------------------------------------------------------- cards
  function exchangeBlock(card, x, full) {
    card.appendChild(el("div", x.label, "ckg-exchange"));
    var meta = [x.date, x.topics.length ? x.topics.join(", ") : T.no_topic].filter(function (m) { return m; });
    card.appendChild(el("div", meta.join(" · "), "ckg-meta"));
    x.evidence.slice(0, full ? 3 : 1).forEach(function (s) { card.appendChild(el("blockquote", s)); });
    var source = x.documents.slice(0, full ? 5 : 1).join(", ");
    var tail = [];
    if (source) { tail.push(T.documents + ": " + source); }
    if (x.confidence !== null && x.confidence !== undefined) {
      tail.push(T.confidence + " " + Number(x.confidence).toFixed(2));
    }
    if (tail.length) { card.appendChild(el("div", tail.join(" · "), "ckg-conf")); }
  }
  function linkCard(link, exchanges, full) {
    var card = el("div", null, "ckg-card");
    card.setAttribute("data-link", link.id);
    var total = exchanges.total === undefined ? exchanges.length : exchanges.total;
    card.appendChild(el("div", amount(total), "ckg-type"));
    card.appendChild(el("div", cities[link.from].label + " → " + cities[link.to].label, "ckg-name"));
    var limit = full ? 50 : 3;
    var listed = exchanges.slice(0, limit);
    listed.forEach(function (x) { exchangeBlock(card, x, full); });
    if (total > listed.length) { card.appendChild(el("div", T.more.replace("{n}", total - listed.length), "ckg-hint")); }
    return card;
  }
  function cityCard(id, shown, full) {
    var c = cities[id];
    var card = el("div", null, "ckg-card");
    card.setAttribute("data-city", id);
    card.appendChild(el("div", c.country, "ckg-type"));
    card.appendChild(el("div", c.label, "ckg-name"));
    var partners = [];
    data.links.forEach(function (l) {
      var n = shown[l.id] ? shown[l.id].total : 0;
      if (!n) { return; }
      if (l.from === id) { partners.push([cities[l.to].label, T.hosts, n]); }
      if (l.to === id) { partners.push([cities[l.from].label, T.learns, n]); }
    });
    var dl = el("dl");
    dl.appendChild(el("dt", T.hosted));
    dl.appendChild(el("dd", amount(c.hosted)));
    dl.appendChild(el("dt", T.learned));
    dl.appendChild(el("dd", amount(c.learned)));
    card.appendChild(dl);
    if (partners.length) {
      card.appendChild(el("div", T.partners + " (" + partners.length + ")", "ckg-section"));
      var ul = el("ul");
      partners.sort(function (a, b) { return b[2] - a[2] || (a[0] < b[0] ? -1 : 1); });
      partners.slice(0, full ? 60 : 8).forEach(function (p) {
        ul.appendChild(el("li", (p[1] === T.hosts ? "→ " : "← ") + p[0] + " (" + amount(p[2]) + ")"));
      });
      card.appendChild(ul);
    }
    return card;
  }

  // ---------------------------------------------------------------- tooltip, details
  var tooltip = document.getElementById("ckg-tooltip");
  var container = document.getElementById("ckg-network");
  function showTooltip(card, clientX, clientY) {
    while (tooltip.firstChild) { tooltip.removeChild(tooltip.firstChild); }
    tooltip.appendChild(card);
    tooltip.hidden = false;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    var x = clientX + 14, y = clientY + 14;
    if (x + w > window.innerWidth - 4) { x = clientX - w - 14; }
    if (y + h > window.innerHeight - 4) { y = window.innerHeight - h - 4; }
    tooltip.style.left = Math.max(4, x) + "px";
    tooltip.style.top = Math.max(4, y) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  container.addEventListener("mouseleave", hideTooltip);
  window.addEventListener("blur", hideTooltip);
  var details = document.getElementById("ckg-details");
  function showDetails(card) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(card);
  }

  var kit = {
    data: data, T: T, cities: cities, el: el, visible: visible, changed: changed,
    onChange: function (f) { listeners.push(f); }, linkCard: linkCard, cityCard: cityCard,
    showTooltip: showTooltip, hideTooltip: hideTooltip, showDetails: showDetails,
    amount: amount, counts: null
  };
  window.citykgCoopKit = kit;
})();
