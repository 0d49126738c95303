/* mechkg report: the claims table (filters, search, sort, expandable rows, state in the URL
   fragment) and the graph view (Cytoscape.js). Data come from the JSON block #kg-data; every text
   from the data goes into the page as a text node (never as markup), and only http(s) URLs become
   links. */
(function () {
  "use strict";
  var source = document.getElementById("kg-data");
  if (!source) { return; }
  var D = JSON.parse(source.textContent);
  var PAGE = 200;
  var CLASS = {}, CLASS_RANK = {}, LEVEL_RANK = {};
  D.classes.forEach(function (c, i) { CLASS[c[0]] = c; CLASS_RANK[c[0]] = i; });
  D.levels.forEach(function (l, i) { LEVEL_RANK[l] = i; });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") { node.textContent = attrs[k]; }
        else if (k === "cls") { node.className = attrs[k]; }
        else { node.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function human(v) { return String(v).replace(/_/g, " "); }
  function label(id) { var e = D.entities[id]; return e ? e[0] : id; }
  function isWeb(url) { return /^https?:\/\/[^\s]+$/i.test(url); }
  function link(name, url) {
    if (!isWeb(url)) { return el("span", { cls: "mono", text: url }); }
    return el("a", { href: url, rel: "noopener noreferrer", text: name });
  }
  function badge(sc) {
    var c = CLASS[sc];
    var b = el("span", { cls: "support", text: human(sc) + " \u00b7 " + c[4] });
    b.style.background = c[2];
    b.style.color = ["#009e73", "#0072b2", "#000000", "#d55e00"].indexOf(c[2]) >= 0 ? "#fff" : "#111";
    return b;
  }
  function levelBadge(lv) { return el("span", { cls: "level", text: human(lv) }); }

  /* --- per-claim derived values, computed once ------------------------------------------- */
  D.claims.forEach(function (c) {
    var docs = {};
    c.e.forEach(function (e) { docs[e[0]] = true; });
    c.docs = docs;
    c.sl = label(c.s); c.ol = label(c.o);
    c.best = c.lv.length ? Math.min.apply(null, c.lv.map(function (l) { return LEVEL_RANK[l]; })) : 99;
    var words = [c.id, c.sl, c.ol, c.s, c.o, human(c.p), c.c, human(c.sc), human(c.d)];
    c.r.forEach(function (i) { var r = D.references[i]; words.push(r.t, r.h, r.k, r.ids.join(" ")); });
    c.e.forEach(function (e) {
      var d = D.documents[e[0]]; if (d) { words.push(d[1]); }
      words.push(e[1]); if (e[6]) { words.push(e[6]); }
    });
    c.hay = words.join(" \u0001 ").toLowerCase();
  });

  /* --- state ----------------------------------------------------------------------------- */
  var FILTERS = ["sc", "doc", "ent", "pred", "ctx", "lv", "or"];
  var state;
  function blank() { return { q: "", sc: "", doc: "", ent: "", pred: "", ctx: "", lv: "", or: "", sort: "support", dir: "asc", claim: "", limit: PAGE }; }
  function readHash() {
    var s = blank();
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    ["q", "sort", "dir", "claim"].concat(FILTERS).forEach(function (k) {
      if (params.has(k)) { s[k] = params.get(k); }
    });
    if (s.claim) { s.q = s.claim; }
    if (s.dir !== "desc") { s.dir = "asc"; }
    return s;
  }
  function writeHash() {
    var params = new URLSearchParams();
    var b = blank();
    ["q", "sort", "dir"].concat(FILTERS).forEach(function (k) {
      if (state[k] && state[k] !== b[k]) { params.set(k, state[k]); }
    });
    var text = params.toString();
    var want = text ? "#" + text : "";
    if (window.location.hash !== want && !(want === "" && window.location.hash === "#")) {
      history.replaceState(null, "", want || window.location.pathname + window.location.search);
    }
  }

  /* --- filtering and sorting ------------------------------------------------------------- */
  function matches(c, skip) {
    if (skip !== "sc" && state.sc && c.sc !== state.sc) { return false; }
    if (skip !== "doc" && state.doc && !c.docs[state.doc]) { return false; }
    if (skip !== "ent" && state.ent && c.s !== state.ent && c.o !== state.ent) { return false; }
    if (skip !== "pred" && state.pred && c.p !== state.pred) { return false; }
    if (skip !== "ctx" && state.ctx && c.c !== state.ctx) { return false; }
    if (skip !== "lv" && state.lv && c.lv.indexOf(state.lv) < 0) { return false; }
    if (skip !== "or" && state.or && c.or !== state.or && c.or !== "both") { return false; }
    if (state.q) {
      var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var i = 0; i < terms.length; i++) { if (c.hay.indexOf(terms[i]) < 0) { return false; } }
    }
    return true;
  }
  var SORTS = {
    subject: function (c) { return c.sl.toLowerCase(); },
    predicate: function (c) { return c.p; },
    object: function (c) { return c.ol.toLowerCase(); },
    context: function (c) { return c.c; },
    support: function (c) { return CLASS_RANK[c.sc]; },
    level: function (c) { return c.best; },
    refs: function (c) { return c.r.length; },
    evidence: function (c) { return c.e.length; },
    id: function (c) { return c.id; }
  };
  function sorted(list) {
    var key = SORTS[state.sort] || SORTS.support;
    var sign = state.dir === "desc" ? -1 : 1;
    return list.map(function (c) { return [key(c), c.id, c]; }).sort(function (a, b) {
      if (a[0] < b[0]) { return -sign; }
      if (a[0] > b[0]) { return sign; }
      return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
    }).map(function (t) { return t[2]; });
  }

  /* --- the claims app -------------------------------------------------------------------- */
  var app = document.getElementById("claims-app");
  var controls = {}, tbody, countLine, chips, more;
  function option(value, text) { var o = el("option", { value: value, text: text }); return o; }
  function select(name, caption, values) {
    var s = el("select", { id: "filter-" + name, "data-filter": name, "aria-label": caption });
    s.appendChild(option("", "any " + caption));
    values.forEach(function (v) { var o = option(v[0], v[1]); o.dataset.text = v[1]; s.appendChild(o); });
    s.addEventListener("change", function () { state[name] = s.value; state.limit = PAGE; update(); });
    controls[name] = s;
    return el("label", { cls: "filter" }, [el("span", { text: caption }), s]);
  }
  function uniq(values) { var seen = {}; values.forEach(function (v) { seen[v] = true; }); return Object.keys(seen).sort(); }
  function buildControls() {
    var search = el("input", { id: "claim-search", type: "search", placeholder: "search claims, entities, titles, sentences\u2026", "aria-label": "search" });
    search.addEventListener("input", function () { state.q = search.value; state.limit = PAGE; update(); });
    controls.q = search;
    var ents = Object.keys(D.entities).map(function (id) { return [id, D.entities[id][0]]; })
      .sort(function (a, b) { return a[1].toLowerCase() < b[1].toLowerCase() ? -1 : a[1].toLowerCase() > b[1].toLowerCase() ? 1 : 0; });
    var bar = el("div", { cls: "filters" }, [
      el("label", { cls: "filter search" }, [el("span", { text: "search" }), search]),
      select("sc", "support class", D.classes.map(function (c) { return [c[0], human(c[0])]; })),
      select("doc", "document", D.documents.map(function (d, i) { return [String(i), d[1]]; })),
      select("ent", "entity", ents),
      select("pred", "predicate", uniq(D.claims.map(function (c) { return c.p; })).map(function (p) { return [p, human(p)]; })),
      select("ctx", "context", uniq(D.claims.map(function (c) { return c.c; })).map(function (x) { return [x, x]; })),
      select("lv", "evidence level", D.levels.map(function (l) { return [l, human(l)]; })),
      select("or", "origin", [["curated", "curated"], ["extracted", "extracted"]])
    ]);
    var reset = el("button", { type: "button", id: "filter-reset", text: "clear filters" });
    reset.addEventListener("click", function () { state = blank(); update(); });
    bar.appendChild(reset);
    countLine = el("p", { id: "claim-count", cls: "count", "aria-live": "polite" });
    chips = el("div", { id: "class-counts", cls: "chips" });
    var headRow = el("tr");
    headRow.appendChild(el("th", { text: "" }));
    [["subject", "subject"], ["predicate", "predicate"], ["object", "object"], ["context", "context"],
      ["support", "support"], ["level", "strongest level"], ["refs", "refs"], ["evidence", "records"]].forEach(function (h) {
      var th = el("th", { "data-sort": h[0], tabindex: "0", role: "button", cls: "sortable", text: h[1] });
      th.addEventListener("click", function () {
        if (state.sort === h[0]) { state.dir = state.dir === "asc" ? "desc" : "asc"; } else { state.sort = h[0]; state.dir = "asc"; }
        update();
      });
      headRow.appendChild(th);
    });
    tbody = el("tbody");
    var table = el("table", { id: "claims-table", cls: "claims" }, [el("thead", null, [headRow]), tbody]);
    more = el("button", { type: "button", id: "show-more", cls: "more" });
    more.addEventListener("click", function () { state.limit += PAGE; update(); });
    app.appendChild(bar);
    app.appendChild(countLine);
    app.appendChild(chips);
    app.appendChild(table);
    app.appendChild(more);
  }

  function details(c) {
    var box = el("div", { cls: "details" });
    box.appendChild(el("p", { cls: "claim-id", text: c.id + " \u00b7 direction " + human(c.d) + " \u00b7 " + c.w + " independent work" + (c.w === 1 ? "" : "s") }));
    box.appendChild(el("h4", { text: "Evidence records (" + c.e.length + ")" }));
    var ul = el("ul", { cls: "evidence" });
    c.e.forEach(function (e) {
      var d = D.documents[e[0]];
      var where = e[1] + ":" + e[2] + "-" + e[3];
      /* a path relative to the report (no scheme, so never javascript: or another site) */
      var place = e[7] && e[7].indexOf(":") < 0 ? el("a", { href: e[7], text: where }) : where;
      var li = el("li", null, [
        el("span", { text: d ? d[1] : "?" }), " ",
        el("span", { cls: "where" }, [place, (e[4] ? ", hedged" : "") + (e[5] ? ", extracted" : ", curated")])
      ]);
      if (e[6]) { li.appendChild(el("q", { cls: "span", text: e[6] })); }
      ul.appendChild(li);
    });
    box.appendChild(ul);
    box.appendChild(el("h4", { text: "Cited references (" + c.r.length + ")" }));
    if (!c.r.length) { box.appendChild(el("p", { cls: "flag", text: "uncited" })); }
    var refs = el("ul", { cls: "refs" });
    c.r.forEach(function (i) {
      var r = D.references[i];
      var li = el("li", { cls: "ref" }, [levelBadge(r.lv), " ", r.rt ? el("span", { cls: "flag", text: "RETRACTED (" + r.rt + ") " }) : "", el("span", { text: r.t || r.h || "(no title)" }), " ",
        el("span", { cls: "where", text: r.k + " \u00b7 " + human(r.st) + " \u00b7 basis: " + human(r.b) + (r.ids.length ? " \u00b7 " + r.ids.join(", ") : "") })]);
      r.l.forEach(function (l) { li.appendChild(document.createTextNode(" ")); li.appendChild(link(l[0], l[1])); });
      if (r.n) { li.appendChild(el("span", { cls: "muted", text: " (" + r.n + ")" })); }
      refs.appendChild(li);
    });
    box.appendChild(refs);
    return box;
  }
  function toggle(tr, c, button) {
    var next = tr.nextSibling;
    if (next && next.classList && next.classList.contains("claim-details")) {
      next.parentNode.removeChild(next); button.textContent = "\u25b8"; button.setAttribute("aria-expanded", "false");
      return;
    }
    var td = el("td", { colspan: "9" }, [details(c)]);
    tr.parentNode.insertBefore(el("tr", { cls: "claim-details", "data-id": c.id }, [td]), tr.nextSibling);
    button.textContent = "\u25be"; button.setAttribute("aria-expanded", "true");
  }
  function row(c) {
    var button = el("button", { type: "button", cls: "expand", "aria-expanded": "false", "aria-label": "evidence of " + c.id, text: "\u25b8" });
    var levels = el("td");
    if (c.lv.length) { levels.appendChild(levelBadge(c.lv.slice().sort(function (a, b) { return LEVEL_RANK[a] - LEVEL_RANK[b]; })[0])); }
    else { levels.appendChild(el("span", { cls: "muted", text: "none" })); }
    var pred = el("td", { cls: "arrow" }, [human(c.p)]);
    if (c.d !== "supports") { pred.appendChild(el("span", { cls: "flag", text: " [" + human(c.d) + "]" })); }
    var tr = el("tr", { cls: "claim-row", "data-id": c.id, "data-support": c.sc }, [
      el("td", null, [button]),
      el("td", { text: c.sl }),
      pred,
      el("td", { text: c.ol }),
      el("td", { cls: "muted", text: c.c }),
      el("td", null, c.wd ? [badge(c.sc), " ", el("span", { cls: "flag", text: "WITHDRAWN" })] : [badge(c.sc)]),
      levels,
      el("td", { cls: "num", text: String(c.r.length) }),
      el("td", { cls: "num", text: String(c.e.length) })
    ]);
    button.addEventListener("click", function () { toggle(tr, c, button); });
    return tr;
  }
  function update() {
    writeHash();
    var shown = [];
    D.claims.forEach(function (c) { if (matches(c)) { shown.push(c); } });
    shown = sorted(shown);
    /* the option counts: what each choice would give with the other filters kept */
    Object.keys(controls).forEach(function (name) {
      var ctl = controls[name];
      if (name === "q") { if (ctl.value !== state.q) { ctl.value = state.q; } return; }
      if (ctl.value !== state[name]) { ctl.value = state[name]; }
    });
    FILTERS.forEach(function (name) {
      var counts = {};
      D.claims.forEach(function (c) {
        if (!matches(c, name)) { return; }
        var keys = name === "sc" ? [c.sc] : name === "doc" ? Object.keys(c.docs) : name === "ent" ? [c.s, c.o]
          : name === "pred" ? [c.p] : name === "ctx" ? [c.c] : name === "lv" ? c.lv : c.or === "both" ? ["curated", "extracted"] : [c.or];
        keys.forEach(function (k) { counts[k] = (counts[k] || 0) + 1; });
      });
      Array.prototype.forEach.call(controls[name].options, function (o) {
        if (o.value) { o.textContent = o.dataset.text + " (" + (counts[o.value] || 0) + ")"; }
      });
    });
    countLine.textContent = "Showing " + Math.min(shown.length, state.limit) + " of " + shown.length + " matching claims (" + D.claims.length + " in all).";
    countLine.dataset.matching = String(shown.length);
    while (chips.firstChild) { chips.removeChild(chips.firstChild); }
    var perClass = {};
    shown.forEach(function (c) { perClass[c.sc] = (perClass[c.sc] || 0) + 1; });
    D.classes.forEach(function (cl) {
      var chip = badge(cl[0]);
      chip.textContent = human(cl[0]) + " " + (perClass[cl[0]] || 0);
      chip.dataset.support = cl[0];
      chip.dataset.count = String(perClass[cl[0]] || 0);
      chips.appendChild(chip);
    });
    Array.prototype.forEach.call(app.querySelectorAll("th[data-sort]"), function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === state.sort ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    });
    var fragment = document.createDocumentFragment();
    shown.slice(0, state.limit).forEach(function (c) { fragment.appendChild(row(c)); });
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    tbody.appendChild(fragment);
    if (state.claim && shown.length === 1 && shown[0].id === state.claim) {
      var first = tbody.querySelector("tr.claim-row");
      toggle(first, shown[0], first.querySelector("button.expand"));
      state.claim = "";
    }
    more.hidden = shown.length <= state.limit;
    more.textContent = "show " + Math.min(PAGE, shown.length - state.limit) + " more";
  }

  if (app) {
    state = readHash();
    buildControls();
    update();
    window.addEventListener("hashchange", function () {
      state = readHash();
      update();
      if (state.q && document.getElementById("claims")) { document.getElementById("claims").scrollIntoView(); }
    });
  }

  /* --- the graph ------------------------------------------------------------------------- */
  var graphApp = document.getElementById("graph-app");
  if (!graphApp || typeof window.cytoscape !== "function") { return; }
  var AUTO = 3000;
  var shownClasses = {};
  D.classes.forEach(function (c) { shownClasses[c[0]] = true; });
  var boxes = el("div", { cls: "graph-filters" });
  D.classes.forEach(function (c) {
    var box = el("input", { type: "checkbox", "data-support": c[0], id: "graph-sc-" + c[0] });
    box.checked = true;
    box.addEventListener("change", function () { shownClasses[c[0]] = box.checked; applyClasses(); });
    var swatch = el("span", { cls: "swatch" }); swatch.style.borderTop = "3px " + c[3] + " " + c[2];
    boxes.appendChild(el("label", { cls: "filter-class" }, [box, swatch, human(c[0]) + " \u00b7 " + c[4]]));
  });
  var layoutChoice = el("select", { id: "graph-layout", "aria-label": "graph layout" }, [
    el("option", { value: "force", text: "layout: force-directed" }),
    el("option", { value: "pathway", text: "layout: by pathway" })
  ]);
  layoutChoice.addEventListener("change", function () { if (cy) { runLayout(layoutChoice.value); } });
  boxes.appendChild(el("label", { cls: "filter-class" }, [layoutChoice]));
  var canvas = el("div", { id: "graph-canvas", cls: "graph" });
  var panel = el("div", { id: "node-claims", cls: "node-claims" }, [el("p", { cls: "muted", text: "Click a node to list its claims." })]);
  graphApp.appendChild(boxes);
  graphApp.appendChild(el("div", { cls: "graph-wrap" }, [canvas, panel]));
  var cy = null;
  function applyClasses() {
    if (!cy) { return; }
    cy.batch(function () {
      cy.edges().forEach(function (e) { e.style("display", shownClasses[e.data("sc")] ? "element" : "none"); });
    });
  }
  /* by pathway: each pathway's members in a block of their own, side by side in pathway order,
     the entities in no pathway last; positions only, so the view stays the same for the same data */
  function pathwayPositions() {
    var groups = {}, order = [], positions = {}, x0 = 0;
    cy.nodes().forEach(function (n) {
      if (n.data("kind") === "pathway") { return; }
      var p = n.data("parent") || "~none";
      if (!groups[p]) { groups[p] = []; order.push(p); }
      groups[p].push(n);
    });
    order.sort();
    order.forEach(function (p) {
      var nodes = groups[p].sort(function (a, b) { return a.data("label") < b.data("label") ? -1 : a.data("label") > b.data("label") ? 1 : 0; });
      var cols = Math.max(1, Math.ceil(Math.sqrt(nodes.length)));
      nodes.forEach(function (n, i) { positions[n.id()] = { x: x0 + (i % cols) * 120, y: Math.floor(i / cols) * 60 }; });
      x0 += cols * 120 + 180;
    });
    return positions;
  }
  function runLayout(name) {
    if (name === "pathway") {
      var positions = pathwayPositions();
      cy.layout({ name: "preset", fit: true, padding: 20, positions: function (n) { return positions[n.id()]; } }).run();
    } else {
      cy.layout(D.claims.length > 400 ? { name: "grid", avoidOverlap: true } : { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 60; } }).run();
    }
  }
  function listClaims(id) {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    var mine = D.claims.filter(function (c) { return c.s === id || c.o === id; });
    panel.appendChild(el("h4", { id: "node-title", text: label(id) + " (" + mine.length + " claim" + (mine.length === 1 ? "" : "s") + ")" }));
    var ul = el("ul", { id: "node-claim-list" });
    mine.forEach(function (c) {
      ul.appendChild(el("li", { "data-id": c.id }, [badge(c.sc), " " + c.sl + " \u2014" + human(c.p) + "\u2192 " + c.ol + (c.c !== "unspecified" ? " (" + c.c + ")" : "")]));
    });
    panel.appendChild(ul);
    var show = el("button", { type: "button", id: "node-to-table", text: "show in the table" });
    show.addEventListener("click", function () {
      state = blank(); state.ent = id; update();
      document.getElementById("claims").scrollIntoView();
    });
    panel.appendChild(show);
  }
  function draw() {
    var elements = [], parentOf = {};
    D.pathways.forEach(function (p) {
      var members = p[2].filter(function (m) { return !parentOf[m]; });
      if (!members.length) { return; }
      elements.push({ data: { id: "pathway:" + p[0], label: p[1], kind: "pathway" } });
      members.forEach(function (m) { parentOf[m] = "pathway:" + p[0]; });
    });
    Object.keys(D.entities).forEach(function (id) {
      var data = { id: id, label: D.entities[id][0], type: D.entities[id][1] };
      if (parentOf[id]) { data.parent = parentOf[id]; }
      elements.push({ data: data });
    });
    D.claims.forEach(function (c) {
      var cl = CLASS[c.sc];
      elements.push({ data: { id: "claim:" + c.id, source: c.s, target: c.o, sc: c.sc, colour: cl[2], line: cl[3], tag: cl[4] } });
    });
    var big = D.claims.length > 400;
    cy = window.cytoscape({
      container: canvas,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 9, "text-valign": "center", "text-wrap": "ellipsis", "text-max-width": 90, width: 16, height: 16, "background-color": "#9fb3c8" } },
        { selector: "node[type = 'compound']", style: { shape: "round-rectangle", "background-color": "#e69f00" } },
        { selector: "node[kind = 'pathway']", style: { "background-color": "#f0f4f8", "border-color": "#829ab1", "border-width": 1, "text-valign": "top", "font-size": 11, "font-weight": "bold", shape: "round-rectangle" } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#102a43" } },
        { selector: "edge", style: { width: 1.6, "line-color": "data(colour)", "line-style": "data(line)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": big ? "haystack" : "bezier", "arrow-scale": 0.7 } }
      ],
      layout: big ? { name: "grid", avoidOverlap: true } : { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 60; } }
    });
    cy.on("tap", "node", function (evt) {
      var id = evt.target.id();
      if (id.indexOf("pathway:") === 0) { return; }
      listClaims(id);
    });
    applyClasses();
    window.kgGraph = cy;
  }
  if (D.claims.length <= AUTO) {
    draw();
  } else {
    var go = el("button", { type: "button", id: "graph-draw", text: "draw the graph (" + D.claims.length + " claims; may take a while)" });
    go.addEventListener("click", function () { go.parentNode.removeChild(go); draw(); });
    graphApp.insertBefore(go, graphApp.firstChild);
  }
})();
