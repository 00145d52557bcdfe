/* regkg explorer: search the graph, draw a node's neighbourhood, expand, focus, filter, read the duty text.
   Plain JavaScript over the API (/search, /graph/neighbourhood) and vis-network (vendored, canvas).
   The URL holds the state (node, expanded nodes, filters, language, query), so a reload restores the view. */
(function () {
  "use strict";

  var GROUP_CAP = 25;          // neighbours of one kind shown per expanded node before a "+ N" node
  var FETCH_LIMIT = 500;       // neighbours asked of the server per node (it caps and says when it cut)
  var MORE_STEP = 100;         // a click on "+N" shows this many more of that group
  var MAX_FANOUT = 500;        // the server's largest fan-out
  var MAX_LIMIT = 2000;        // the server's largest neighbourhood
  var MAX_EXPAND = 30;         // expanded nodes restored from a URL (a crafted link cannot start hundreds of requests)
  var PHYSICS_LIMIT = 300;     // physics settles the layout below this many nodes, then stops
  var SETTLE_STEPS = 80;       // physics iterations per expansion (new nodes start on a ring round their parent)

  var I18N = {
    zh: {search: "搜索", searchPlaceholder: "搜索：主体、概念、条文、术语", modality: "义务类型", level: "层级",
         regulation: "法规", all: "全部", legend: "图例", hint: "搜索后选择一个结果。单击节点展开，双击聚焦。",
         detailsEmpty: "点击节点查看详情。", cypherIntro: "在 Neo4j Browser 中运行以下查询可重现当前视图：",
         copy: "复制", close: "关闭", results: "个结果", noResults: "没有结果", bearers: "承担主体",
         partners: "会同/配合", targets: "对象", concepts: "涉及概念", duties: "职责", bears: "承担",
         partnersIn: "参与", targetedBy: "作为对象", broader: "上位概念", narrower: "下位概念", text: "原文",
         citation: "出处", nodes: "节点", edges: "边", cut: "服务器截断", more: "更多", loading: "加载中…",
         definition: "定义", kind: "类型", articleText: "条文原文", error: "错误"},
    en: {search: "Search", searchPlaceholder: "Search actors, concepts, articles, terms", modality: "Modality",
         level: "Level", regulation: "Regulation", all: "all", legend: "Legend",
         hint: "Search, then pick a result. Click a node to expand it, double-click to focus.",
         detailsEmpty: "Click a node for its details.", cypherIntro: "Run this in Neo4j Browser to reproduce the view:",
         copy: "Copy", close: "Close", results: "results", noResults: "no results", bearers: "Bearers",
         partners: "Partners", targets: "Targets", concepts: "Concepts", duties: "Duties", bears: "bears",
         partnersIn: "co-operates in", targetedBy: "targeted by", broader: "Broader", narrower: "Narrower",
         text: "Text", citation: "Citation", nodes: "nodes", edges: "edges", cut: "cut by the server",
         more: "more", loading: "loading…", definition: "Definition", kind: "Kind", articleText: "article text",
         error: "Error"}
  };

  var STYLE = null;
  var state = readState();
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var raw = {};                 // node id -> {id, labels, props}
  var expanded = {};            // node id -> the fan-out its neighbourhood was fetched with
  var levelsKnown = {};         // node id -> true once the levels of its duties' bearers were read
  var cut = {};                 // node id -> {shown, total} when the server capped its neighbours
  var network = null;
  var view = null;
  var pending = 0;
  var lastError = "";            // shown in the status line until the next successful expansion

  // -- helpers ------------------------------------------------------------------------------------
  function $(id) { return document.getElementById(id); }
  function t(key) { return (I18N[state.lang] || I18N.zh)[key] || key; }
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function busy(delta) {
    pending += delta;
    document.body.dataset.pending = String(pending);
  }
  function getJSON(url) {
    busy(1);
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok) {
          throw new Error((body && (body.detail || body.title)) || ("HTTP " + response.status));
        }
        return body;
      });
    }).finally(function () { busy(-1); });
  }
  function primary(labels) { return (labels && labels[0]) || ""; }

  // -- state in the URL ---------------------------------------------------------------------------
  function readState() {
    var p = new URLSearchParams(window.location.search);
    return {node: p.get("node") || "", q: p.get("q") || "", modality: p.get("modality") || "",
            level: p.get("level") || "", regulation: p.get("regulation") || "",
            lang: p.get("lang") === "en" ? "en" : "zh",
            expand: (p.get("expand") || "").split(",").filter(Boolean).slice(0, MAX_EXPAND)};
  }
  function writeState(push) {
    var p = new URLSearchParams();
    ["node", "q", "modality", "level", "regulation"].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    if (state.lang !== "zh") p.set("lang", state.lang);
    if (state.expand.length) p.set("expand", state.expand.join(","));
    var url = window.location.pathname + (p.toString() ? "?" + p.toString() : "");
    if (push) window.history.pushState(null, "", url); else window.history.replaceState(null, "", url);
  }

  // -- style ----------------------------------------------------------------------------------------
  function kindOf(labels, props) {
    var p = primary(labels);
    if (p === "Actor") {
      return props.kind === "government" ? "actor:government" : props.kind === "department" ? "actor:department"
        : "actor:other";
    }
    if (p === "Duty") return STYLE.kinds["duty:" + props.modality] ? "duty:" + props.modality : "other";
    if (p === "Concept") {
      var type = props.type || labels.slice(1)[0] || "";
      return STYLE.kinds["concept:" + type] ? "concept:" + type : "other";
    }
    if (["Article", "Paragraph", "Item", "Subitem", "Chapter", "Section"].indexOf(p) >= 0) return "article";
    return {Regulation: "regulation", DefinedTerm: "term", Law: "law", More: "more"}[p] || "other";
  }
  function labelOf(labels, props, lang) {
    var p = primary(labels);
    var name = props.name || props.id || "";
    if (p === "Duty") return (props.cite || "") + " " + (lang === "en" ? props.modality || "" : props.trigger || "");
    if (p === "More") return lang === "en" ? props.nameEn : props.name;
    if (["Article", "Paragraph", "Item", "Subitem"].indexOf(p) >= 0) {
      return lang === "en" ? "Art. " + (props.cite || name) : props.label || name;
    }
    if (p === "Regulation") return props.title || name;
    return lang === "en" && props.nameEn ? props.nameEn : name;
  }
  function hoverOf(labels, props) {
    var p = primary(labels);
    if (p === "Duty") {
      return (props.label || props.cite || "") + " · " + (props.modality || "") + " (" + (props.regulationId || "") +
        ")\n" + (props.text || "");
    }
    if (p === "More") return state.lang === "en" ? props.nameEn : props.name;
    var parts = [props.label || props.name || props.id];
    if (props.nameEn) parts.push(props.nameEn);
    return parts.join(" / ") + "\n" + (props.kind || props.type || p);
  }
  function visNode(item) {
    var kind = kindOf(item.labels, item.props);
    var look = STYLE.kinds[kind] || STYLE.kinds.other;
    var centre = item.id === state.node;
    return {id: item.id, label: labelOf(item.labels, item.props, state.lang), title: hoverOf(item.labels, item.props),
            kind: kind, shape: look.shape, color: look.color, size: centre ? 28 : primary(item.labels) === "Duty" ? 11 : 16,
            borderWidth: centre ? 3 : 1, font: {size: 13}};
  }
  function edgeLabel(type) {
    var look = STYLE.edges[type];
    if (!look) return type;
    return state.lang === "en" ? look.label : look.labelZh;
  }
  function visEdge(edge) {
    var look = STYLE.edges[edge.type] || STYLE.edges.other;
    var level = edge.props && edge.props.level ? " " + edge.props.level : "";
    return {id: edge.id, from: edge.source, to: edge.target, type: edge.type, level: (edge.props || {}).level || "",
            label: edgeLabel(edge.type), title: edge.type + level,
            color: look.color, dashes: look.dashes, arrows: "to", font: {size: 9, color: "#6b7280", strokeWidth: 2}};
  }
  function drawLegend() {
    var html = "";
    Object.keys(STYLE.kinds).forEach(function (key) {
      var k = STYLE.kinds[key];
      if (key === "other") return;
      html += '<div><span class="swatch ' + esc(k.shape) + '" style="background:' + esc(k.color) + '"></span>' +
        esc(state.lang === "en" ? k.label : k.labelZh) + "</div>";
    });
    ["BEARS", "PARTNERS_IN", "TARGETS", "CONCERNS", "BROADER", "STATED_IN"].forEach(function (rel) {
      var e = STYLE.edges[rel];
      html += '<div><span class="edge' + (e.dashes ? " dashed" : "") + '" style="border-color:' + esc(e.color) +
        '"></span>' + esc(rel) + " " + esc(e.labelZh) + "</div>";
    });
    $("legend").innerHTML = html;
  }
  function applyLanguage() {
    document.documentElement.lang = state.lang;
    $("lang").textContent = state.lang === "en" ? "中文" : "EN";
    document.querySelectorAll("[data-i18n]").forEach(function (el) { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (el) {
      el.placeholder = t(el.dataset.i18nPlaceholder);
    });
    nodes.update(nodes.get().map(function (n) {
      var item = raw[n.id];
      return {id: n.id, label: labelOf(item.labels, item.props, state.lang)};
    }));
    edges.update(edges.get().map(function (e) {
      return {id: e.id, label: edgeLabel(e.type)};
    }));
    drawLegend();
    if (lastDetails) showDetails(lastDetails);
  }

  // -- filters --------------------------------------------------------------------------------------
  function passes(node) {
    var item = raw[node.id];
    if (!item) return true;
    if (node.id === state.node) return true;
    var p = primary(item.labels);
    if (state.regulation && item.props.regulationId && item.props.regulationId !== state.regulation) return false;
    if (p !== "Duty") return true;
    if (state.modality && item.props.modality !== state.modality) return false;
    if (state.level) {
      var levels = (item.props.levels || []).concat(edges.get({filter: function (e) {
        return e.to === node.id && (e.type === "BEARS" || e.type === "PARTNERS_IN");
      }}).map(function (e) { return e.level; }));
      if (levels.indexOf(state.level) < 0) return false;
    }
    return true;
  }
  function learnLevels(id) {
    // The level sits on the BEARS / PARTNERS_IN relationship, one hop beyond the duties around `id`: ask for
    // two hops and keep only those relationships' levels (the bodies themselves are not drawn).
    var url = "/graph/neighbourhood?node=" + encodeURIComponent(id) + "&depth=2&limit=" + MAX_LIMIT +
      "&fanout=" + (expanded[id] || GROUP_CAP);
    return getJSON(url).then(function (body) {
      (body.edges || []).forEach(function (e) {
        var duty = raw[e.target];
        if ((e.type === "BEARS" || e.type === "PARTNERS_IN") && duty && primary(duty.labels) === "Duty") {
          var level = (e.properties || {}).level || "";
          duty.props.levels = duty.props.levels || [];
          if (duty.props.levels.indexOf(level) < 0) duty.props.levels.push(level);
        }
      });
      levelsKnown[id] = true;
    });
  }
  function learnAllLevels() {
    if (!state.level) return Promise.resolve();
    var ids = Object.keys(expanded).filter(function (id) { return expanded[id] && !levelsKnown[id]; });
    return Promise.all(ids.map(learnLevels));
  }
  function refreshFilters() {
    if (state.level && Object.keys(expanded).some(function (id) { return expanded[id] && !levelsKnown[id]; })) {
      learnAllLevels().then(refreshFilters);
      return;
    }
    if (view) view.refresh();
    status();
    if (lastDetails) showDetails(lastDetails);
  }

  // -- graph ----------------------------------------------------------------------------------------
  var KIND_NAMES = {Duty: ["条职责", "duties"], Concept: ["个概念", "concepts"], Actor: ["个主体", "actors"],
                    Paragraph: ["款", "paragraphs"], Item: ["项", "items"], Article: ["条", "articles"],
                    DefinedTerm: ["个术语", "defined terms"], Law: ["部法律", "laws"]};
  function normNode(n) {
    var labels = n.labels && n.labels.length ? n.labels : [n.kind || "Other"];
    var props = Object.assign({}, n.properties || n.props || {});
    if (n.aggregate) {
      var names = KIND_NAMES[n.aggregate.kind] || [n.aggregate.kind, n.aggregate.kind];
      props = Object.assign(props, {id: n.id, aggregate: n.aggregate,
                                    name: "+" + n.aggregate.count + " " + names[0],
                                    nameEn: "+" + n.aggregate.count + " " + names[1]});
      labels = ["More"];
    }
    return {id: n.id, labels: labels, props: props};
  }
  function normEdge(e, i) {
    var source = e.source || e.from, target = e.target || e.to;
    var props = e.properties || e.props || {};
    return {id: e.id || [source, e.type, target, props.level || "", props.order || "", i].join("|"),
            source: source, target: target, type: e.aggregate ? "MORE" : e.type, props: props};
  }
  var fresh = [];                // nodes added since the last layout (placed around their parent when physics is off)
  function addItem(item) {
    if (!raw[item.id]) raw[item.id] = item;
    else Object.assign(raw[item.id].props, item.props);
    if (!nodes.get(item.id)) { nodes.add(visNode(raw[item.id])); fresh.push(item.id); }
    else if (item.labels[0] === "More") nodes.update(visNode(raw[item.id]));
  }
  function addEdge(edge) {
    if (!edges.get(edge.id)) edges.add(visEdge(edge));
  }
  function fetchAround(id, fanout) {
    var url = "/graph/neighbourhood?node=" + encodeURIComponent(id) + "&depth=1&limit=" + FETCH_LIMIT +
      "&fanout=" + fanout;
    return getJSON(url).then(function (body) {
      if (body.truncated) cut[id] = {shown: (body.nodes || []).length, total: (body.nodes || []).length +
                                     (body.omittedNodes || 0)};
      return {nodes: (body.nodes || []).map(normNode), edges: (body.edges || []).map(normEdge)};
    });
  }
  function expand(id) {
    if (expanded[id] || !id || id.indexOf("more:") === 0) return Promise.resolve();
    expanded[id] = GROUP_CAP;
    return fetchAround(id, GROUP_CAP).then(function (found) {
      lastError = "";
      found.nodes.forEach(addItem);
      found.edges.forEach(function (edge) {
        if (nodes.get(edge.source) && nodes.get(edge.target)) addEdge(edge);
      });
      relayout(id);
      if (state.level) return learnLevels(id).then(refreshFilters);
    }).catch(function (error) {
      expanded[id] = 0;
      lastError = t("error") + ": " + error.message;
      status();
    });
  }
  function openMore(moreId) {
    // A "+N" node: ask its centre again with a larger fan-out and add that group's next members.
    var agg = (raw[moreId] || {props: {}}).props.aggregate;
    if (!agg) return Promise.resolve();
    var fanout = Math.min(MAX_FANOUT, (expanded[agg.of] || GROUP_CAP) + MORE_STEP);
    expanded[agg.of] = fanout;
    return fetchAround(agg.of, fanout).then(function (found) {
      var byId = {};
      found.nodes.forEach(function (n) { byId[n.id] = n; });
      nodes.remove(moreId);
      edges.remove(edges.getIds({filter: function (e) { return e.from === moreId || e.to === moreId; }}));
      delete raw[moreId];
      found.edges.forEach(function (edge) {
        var inward = agg.direction === "in";
        var other = inward ? edge.source : edge.target;
        var centreEnd = inward ? edge.target : edge.source;
        var item = byId[other];
        if (centreEnd !== agg.of || !item) return;
        if (edge.type === agg.type && primary(item.labels) === agg.kind) {
          addItem(item);
          addEdge(edge);
        } else if (edge.type === "MORE" && item.props.aggregate && item.props.aggregate.type === agg.type &&
                   item.props.aggregate.kind === agg.kind) {
          addItem(item);
          addEdge(edge);
        }
      });
      relayout(agg.of);
      levelsKnown[agg.of] = false;
      if (state.level) return learnLevels(agg.of).then(refreshFilters);
    });
  }
  function ring(parent, added) {
    // physics off: put the new nodes on a ring around the node they were reached from, wide enough for all
    var centre = nodes.get(parent) && network.getPositions([parent])[parent] || {x: 0, y: 0};
    var radius = Math.max(160, added.length * 40 / (2 * Math.PI));
    nodes.update(added.map(function (id, i) {
      var a = 2 * Math.PI * i / added.length;
      return {id: id, x: centre.x + radius * Math.cos(a), y: centre.y + radius * Math.sin(a)};
    }));
  }
  function relayout(parent) {
    var big = nodes.length > PHYSICS_LIMIT;
    var added = fresh.filter(function (id) { return id !== parent && nodes.get(id); });
    fresh = [];
    if (added.length && nodes.length > added.length + 1) ring(parent, added);  // a start near the parent
    network.setOptions({physics: {enabled: !big, solver: "forceAtlas2Based",
                                  stabilization: {enabled: !big, iterations: SETTLE_STEPS, fit: true}}});
    if (!big) network.stabilize(SETTLE_STEPS);
    status();
  }
  function status() {
    var visible = view ? view.length : nodes.length;
    var text = visible + " " + t("nodes") + " · " + edges.length + " " + t("edges");
    var cuts = Object.keys(cut);
    if (cuts.length) text += " · " + t("cut") + ": " + cuts.map(function (k) {
      return (raw[k] ? labelOf(raw[k].labels, raw[k].props, state.lang) : k) +
        (cut[k].total ? " (" + cut[k].shown + "/" + cut[k].total + ")" : "");
    }).join(", ");
    $("graph-status").textContent = lastError ? lastError + " · " + text : text;
    document.body.dataset.nodes = String(visible);
  }
  function clearGraph() {
    nodes.clear(); edges.clear(); expanded = {}; cut = {}; levelsKnown = {};
    fresh = [];
    Object.keys(raw).forEach(function (k) { delete raw[k]; });   // the same object: tests and tools hold it
  }
  function focus(id, push) {
    state.node = id;
    state.expand = [];
    writeState(push);
    clearGraph();
    $("hint").hidden = true;
    return expand(id).then(function () {
      if (raw[id]) { nodes.update(visNode(raw[id])); showDetails(id); }
      network.fit();
    });
  }
  function clickNode(id) {
    if (id.indexOf("more:") === 0) return openMore(id);
    var first = !expanded[id];
    return expand(id).then(function () {
      if (first && id !== state.node && state.expand.indexOf(id) < 0) {
        state.expand.push(id);
        writeState(false);
      }
      showDetails(id);
    });
  }

  // -- details ------------------------------------------------------------------------------------
  var lastDetails = null;
  function around(id, type, outgoing) {
    return edges.get({filter: function (e) {
      return e.type === type && (outgoing ? e.from === id : e.to === id);
    }}).map(function (e) { return {node: raw[outgoing ? e.to : e.from], level: e.level}; })
      .filter(function (x) { return x.node && passes({id: x.node.id}); });   // the lists follow the filters
  }
  function nameList(list) {
    if (!list.length) return '<p class="muted">—</p>';
    return "<ul>" + list.map(function (x) {
      var label = labelOf(x.node.labels, x.node.props, state.lang);
      return '<li><a href="#" data-node="' + esc(x.node.id) + '">' + esc(label) + "</a>" +
        (x.level ? ' <span class="muted">' + esc(x.level) + "</span>" : "") + "</li>";
    }).join("") + "</ul>";
  }
  function highlighted(text, trigger) {
    var at = trigger ? text.indexOf(trigger) : -1;
    if (at < 0) return esc(text);
    return esc(text.slice(0, at)) + "<mark>" + esc(trigger) + "</mark>" + esc(text.slice(at + trigger.length));
  }
  function articleLink(props) {
    var reg = props.regulationId || "";
    var cite = props.cite || "";
    return "/views/article/" + encodeURIComponent(reg) + "/" + encodeURIComponent(cite);
  }
  function showDetails(id) {
    var item = raw[id];
    if (!item) return;
    lastDetails = id;
    var p = primary(item.labels), props = item.props, html = "";
    var title = labelOf(item.labels, item.props, state.lang);
    if (p === "Duty" && /…$/.test(props.text || "") && !props.fullText) {
      // the neighbourhood cuts long texts: read the verbatim text from the provision it is stated in
      props.fullText = "pending";
      getJSON("/regulations/" + encodeURIComponent(props.regulationId || "") + "/articles/" +
              encodeURIComponent(props.cite || "")).then(function (provision) {
        var full = (provision.duties || []).filter(function (d) { return d.id === id; })[0];
        if (full && full.text) { props.text = full.text; props.fullText = "done"; }
        if (lastDetails === id) showDetails(id);
      }).catch(function () { props.fullText = "failed"; });
    }
    if (p === "Duty") {
      html += '<h2 id="detail-title">' + esc(props.label || props.cite) + ' <span class="muted">' +
        esc(props.modality) + "</span></h2>";
      html += "<h3>" + t("citation") + '</h3><p><a id="detail-citation" target="_blank" href="' +
        esc(articleLink(props)) + '">' + esc(props.label || props.cite) + "</a> " +
        '<span class="muted">' + esc(props.regulationId) + " · " + t("articleText") + "</span></p>";
      html += "<h3>" + t("text") + '</h3><div class="text" id="detail-text">' +
        highlighted(props.text || "", props.trigger || "") + "</div>";
      html += "<h3>" + t("bearers") + "</h3>" + nameList(around(id, "BEARS", false));
      html += "<h3>" + t("partners") + "</h3>" + nameList(around(id, "PARTNERS_IN", false));
      html += "<h3>" + t("targets") + "</h3>" + nameList(around(id, "TARGETS", true));
      html += "<h3>" + t("concepts") + "</h3>" + nameList(around(id, "CONCERNS", true));
    } else if (p === "Actor" || p === "Concept") {
      html += '<h2 id="detail-title">' + esc(title) + "</h2>";
      html += '<p class="muted">' + esc(state.lang === "en" ? props.name : props.nameEn || "") + " · " +
        esc(props.kind || props.type || p) + (props.jurisdiction ? " · " + esc(props.jurisdiction) : "") + "</p>";
      var lists = p === "Actor"
        ? [["bears", around(id, "BEARS", true)], ["partnersIn", around(id, "PARTNERS_IN", true)],
           ["targetedBy", around(id, "TARGETS", false)]]
        : [["duties", around(id, "CONCERNS", false)], ["broader", around(id, "BROADER", true)],
           ["narrower", around(id, "BROADER", false)]];
      html += '<p class="counts">' + lists.map(function (l) {
        var more = hiddenCount(id, l[0]);
        return "<span>" + t(l[0]) + ": <b>" + (l[1].length + more) + "</b></span>";
      }).join("") + "</p>";
      if (props.definition) html += "<h3>" + t("definition") + "</h3><p>" + esc(props.definition) + "</p>";
      lists.forEach(function (l) { if (l[1].length) html += "<h3>" + t(l[0]) + "</h3>" + nameList(l[1]); });
    } else {
      html += '<h2 id="detail-title">' + esc(title) + "</h2>";
      if (props.text) html += '<div class="text" id="detail-text">' + esc(props.text) + "</div>";
      if (props.definition) html += "<h3>" + t("definition") + "</h3><p>" + esc(props.definition) + "</p>";
      if (p === "Article" || p === "Paragraph" || p === "Item") {
        html += '<p><a target="_blank" href="' + esc(articleLink(props)) + '">' + t("articleText") + "</a></p>";
      }
    }
    $("details").innerHTML = html;
  }
  function hiddenCount(id, which) {
    // members folded into a "+N" node still count: the server names them more:<id>:<TYPE>:<in|out>:<Kind>
    var key = {bears: "BEARS:out:Duty", partnersIn: "PARTNERS_IN:out:Duty", targetedBy: "TARGETS:in:Duty",
               duties: "CONCERNS:in:Duty", narrower: "BROADER:in:Concept"}[which];
    var more = key ? raw["more:" + id + ":" + key] : null;
    return more && more.props.aggregate ? more.props.aggregate.count : 0;
  }

  // -- Cypher ---------------------------------------------------------------------------------------
  function literal(text) { return "'" + String(text).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'"; }
  function cypherOfView() {
    var ids = [state.node].concat(state.expand).filter(Boolean);
    var lines = ["// regkg explorer view: the neighbourhood of " + ids.length + " node(s)",
                 "MATCH (n)-[r]-(m)", "WHERE n.id IN [" + ids.map(literal).join(", ") + "]"];
    if (state.modality) lines.push("  AND (NOT m:Duty OR m.modality = " + literal(state.modality) + ")");
    if (state.regulation) {
      lines.push("  AND (m.regulationId IS NULL OR m.regulationId = " + literal(state.regulation) + ")");
    }
    if (state.level) {
      lines.push("  AND (NOT m:Duty OR size([(x:Actor)-[q:BEARS|PARTNERS_IN]->(m) WHERE q.level = " +
                 literal(state.level) + " | x]) > 0)");
    }
    lines.push("RETURN n, r, m", "LIMIT " + FETCH_LIMIT * Math.max(1, ids.length));
    return lines.join("\n");
  }

  // -- search ---------------------------------------------------------------------------------------
  function search(q) {
    state.q = q;
    writeState(false);
    $("results").innerHTML = "";
    if (!q) { $("results-status").textContent = ""; return Promise.resolve(); }
    $("results-status").textContent = t("loading");
    return getJSON("/search?q=" + encodeURIComponent(q) + "&limit=30").then(function (body) {
      var hits = Array.isArray(body) ? body : body.items || body.results || [];
      $("results-status").textContent = hits.length ? hits.length + " " + t("results") : t("noResults");
      $("results").innerHTML = hits.map(function (hit) {
        var name = state.lang === "en" && hit.nameEn ? hit.nameEn : hit.name || hit.label || hit.id;
        return '<li data-id="' + esc(hit.id) + '" title="' + esc(hit.snippet || hit.id) + '">' + esc(name) +
          '<span class="kind">' + esc(hit.kind || "") + (hit.regulation ? " · " + esc(hit.regulation) : "") +
          "</span></li>";
      }).join("");
    }).catch(function (error) { $("results-status").textContent = t("error") + ": " + error.message; });
  }

  // -- wiring ---------------------------------------------------------------------------------------
  function start() {
    var container = $("graph");
    view = new vis.DataView(nodes, {filter: passes});
    network = new vis.Network(container, {nodes: view, edges: edges}, {
      interaction: {hover: true, tooltipDelay: 150},
      physics: {enabled: true, solver: "forceAtlas2Based", stabilization: {iterations: SETTLE_STEPS}},
      edges: {smooth: false},
      layout: {improvedLayout: false}
    });
    network.on("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); });
    var clickTimer = null;
    network.on("click", function (params) {
      if (!params.nodes.length) return;
      var id = params.nodes[0];
      clearTimeout(clickTimer);
      clickTimer = setTimeout(function () { clickNode(id); }, 250);
    });
    network.on("doubleClick", function (params) {
      clearTimeout(clickTimer);
      if (params.nodes.length && params.nodes[0].indexOf("more:") !== 0) focus(params.nodes[0], true);
    });
    $("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      search($("q").value.trim());
    });
    $("results").addEventListener("click", function (event) {
      var li = event.target.closest("li[data-id]");
      if (!li) return;
      document.querySelectorAll("#results li.active").forEach(function (el) { el.classList.remove("active"); });
      li.classList.add("active");
      focus(li.dataset.id, true);
    });
    $("details").addEventListener("click", function (event) {
      var a = event.target.closest("a[data-node]");
      if (!a) return;
      event.preventDefault();
      if (nodes.get(a.dataset.node)) { network.selectNodes([a.dataset.node]); clickNode(a.dataset.node); }
    });
    ["modality", "level", "regulation"].forEach(function (key) {
      var select = $("f-" + key);
      select.addEventListener("change", function () { state[key] = select.value; writeState(false); refreshFilters(); });
    });
    $("lang").addEventListener("click", function () {
      state.lang = state.lang === "en" ? "zh" : "en";
      writeState(false);
      applyLanguage();
    });
    $("cypher-button").addEventListener("click", function () {
      $("cypher-text").textContent = cypherOfView();
      $("cypher-dialog").showModal();
    });
    $("cypher-copy").addEventListener("click", function () {
      if (navigator.clipboard) navigator.clipboard.writeText($("cypher-text").textContent).catch(function () {});
    });
    window.addEventListener("popstate", function () { state = readState(); restore(); });
    window.regkgExplorer = {nodes: nodes, edges: edges, view: function () { return view; }, network: network,
                            state: function () { return state; }, cypher: cypherOfView, raw: raw};
    restore();
  }
  function restore() {
    $("q").value = state.q;
    ["modality", "level", "regulation"].forEach(function (key) {
      var select = $("f-" + key);
      if (state[key] && !Array.prototype.some.call(select.options, function (o) { return o.value === state[key]; })) {
        var option = document.createElement("option");   // a level written otherwise (乡镇, 设区的市 …) from a link
        option.value = option.textContent = state[key];
        select.appendChild(option);
      }
      select.value = state[key];
    });
    applyLanguage();
    var work = [search(state.q)];
    if (state.node) {
      var wanted = state.expand.slice();
      work.push(focus(state.node, false).then(function () {
        state.expand = [];
        return wanted.reduce(function (chain, id) {
          return chain.then(function () { return clickNode(id); });
        }, Promise.resolve());
      }).then(function () {
        var last = wanted.length ? wanted[wanted.length - 1] : state.node;   // the node the user clicked last
        showDetails(raw[last] ? last : state.node);
        refreshFilters();
      }));
    }
    return Promise.all(work);
  }

  busy(1);
  Promise.all([getJSON("/explorer/style.json"), getJSON("/regulations").catch(function () { return []; })])
    .then(function (loaded) {
      STYLE = loaded[0];
      var regs = Array.isArray(loaded[1]) ? loaded[1] : loaded[1].items || [];
      if (!regs.length) {
        I18N.zh.hint = "图谱中还没有法规：先运行 regkg load 文件。";
        I18N.en.hint = "The store holds no regulation yet: run regkg load FILE first.";
      }
      $("f-regulation").innerHTML = '<option value="" data-i18n="all">' + t("all") + "</option>" + regs.map(function (r) {
        return '<option value="' + esc(r.id) + '">' + esc(r.title || r.name || r.id) + "</option>";
      }).join("");
      start();
    }).finally(function () { busy(-1); document.body.dataset.ready = "1"; });
})();
