// Plenary search: reads the chunked index under search/ (see
// src/render/search.rs), a piece at a time. Results are built from text
// nodes, never from HTML strings.
(function () {
  "use strict";
  var form = document.querySelector("form.search-page");
  if (!form) return;
  var root = form.getAttribute("data-root") || "/";
  var base = root + "search/";
  var input = form.querySelector("#q");
  var session = form.querySelector("#search-session");
  var kind = form.querySelector("#search-kind");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var cache = {};
  var meta = null;
  var SHOWN = 20, CHECKED = 60;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status + " " + path);
        return r.json();
      });
    }
    return cache[path];
  }
  function words(text, stop) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w && stop.indexOf(w) < 0;
    });
  }
  function prefix(term, n) {
    return Array.from(term).slice(0, n).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }
  // Two-character shards, split by three characters when large.
  function shard(term) {
    var two = prefix(term, 2);
    return meta.split.indexOf(two) >= 0 && Array.from(term).length > 2 ? prefix(term, 3) : two;
  }
  // Postings are stored as gaps from the previous one.
  function undelta(gaps) {
    var out = new Array(gaps.length), sum = 0;
    for (var i = 0; i < gaps.length; i++) { sum += gaps[i]; out[i] = sum; }
    return out;
  }
  function normal(text) {
    return " " + text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ") + " ";
  }
  function sessionOf(doc) {
    var r = meta.resolutions, lo = 0, hi = r.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (r[mid][0] <= doc) lo = mid; else hi = mid - 1;
    }
    return meta.sessions[r[lo][1]];
  }
  function say(text) { status.textContent = text; }

  function snippet(text, terms) {
    var li = document.createElement("p");
    li.className = "search-snippet";
    var lower = text.toLowerCase(), at = text.length;
    terms.forEach(function (t) { var i = lower.indexOf(t); if (i >= 0 && i < at) at = i; });
    var start = Math.max(0, at - 80), end = Math.min(text.length, start + 240);
    // Whole words at both ends.
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); if (ep > at) end = ep; }
    var part = (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    var re = new RegExp("(" + terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "giu");
    var last = 0, m;
    while (terms.length && (m = re.exec(part)) !== null) {
      if (m[0] === "") { re.lastIndex++; continue; }
      li.appendChild(document.createTextNode(part.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      li.appendChild(mark);
      last = m.index + m[0].length;
    }
    li.appendChild(document.createTextNode(part.slice(last)));
    return li;
  }

  function show(hits, terms, total) {
    list.textContent = "";
    hits.forEach(function (h) {
      var d = h.doc;
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + d[0] + "/" + d[1] + "/";
      a.textContent = d[0] + " " + d[2];
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = " · " + h.title;
      var head = document.createElement("p");
      head.appendChild(a);
      head.appendChild(title);
      item.appendChild(head);
      item.appendChild(snippet(d[3], terms));
      list.appendChild(item);
    });
    var n = total === 1 ? "1 paragraph" : total + " paragraphs";
    say(total ? n + " found" + (total > hits.length ? "; the first " + hits.length + " are shown" : "") + "."
      : "Nothing found.");
  }

  function run(query) {
    var stop = meta.stop_words;
    var terms = words(query, stop);
    if (!terms.length) { list.textContent = ""; say("Type words to search for."); return; }
    say("Searching…");
    var unique = terms.filter(function (t, i) { return terms.indexOf(t) === i; });
    Promise.all(unique.map(function (t) { return get("terms/" + shard(t) + ".json"); })).then(function (shards) {
      var lists = unique.map(function (t, i) { return undelta((shards[i] && shards[i][t]) || []); });
      lists.sort(function (a, b) { return a.length - b.length; });
      var sets = lists.slice(1).map(function (l) {
        var s = new Set(); l.forEach(function (p) { s.add(p >> 1); }); return s;
      });
      var wantKind = kind.value, wantSession = session.value;
      var found = lists[0].filter(function (p) {
        var doc = p >> 1;
        if (wantKind === "op" && !(p & 1)) return false;
        if (wantKind === "pp" && (p & 1)) return false;
        if (wantSession && sessionOf(doc) !== wantSession) return false;
        return sets.every(function (s) { return s.has(doc); });
      }).map(function (p) { return p >> 1; });
      // Newest first: documents are in symbol order.
      found.reverse();
      var checked = found.slice(0, CHECKED);
      var chunks = checked.map(function (d) { return Math.floor(d / meta.chunk); });
      return Promise.all(chunks.map(function (c) { return get("docs/" + c + ".json"); })).then(function (docs) {
        var phrase = normal(query).trim();
        var hits = checked.map(function (d, i) {
          var doc = docs[i].docs[d - chunks[i] * meta.chunk];
          return {
            doc: doc,
            title: docs[i].titles[doc[0]] || "",
            phrase: normal(doc[3]).indexOf(" " + phrase + " ") >= 0
          };
        });
        // Paragraphs holding the words as a phrase come first.
        hits.sort(function (a, b) { return (b.phrase ? 1 : 0) - (a.phrase ? 1 : 0); });
        show(hits.slice(0, SHOWN), unique, found.length);
      });
    }).catch(function (e) { say("The search index could not be read (" + e.message + ")."); });
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    kind.value = params.get("kind") || "";
    session.value = params.get("session") || "";
    if (input.value) run(input.value);
    else input.focus();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var params = new URLSearchParams();
    params.set("q", input.value);
    if (session.value) params.set("session", session.value);
    if (kind.value) params.set("kind", kind.value);
    history.pushState(null, "", "?" + params.toString());
    run(input.value);
  });
  window.addEventListener("popstate", fromUrl);
  get("meta.json").then(function (m) {
    meta = m;
    m.sessions.slice().reverse().forEach(function (s) {
      if (!s) return;
      var o = document.createElement("option");
      o.value = s;
      o.textContent = "Session " + s;
      session.appendChild(o);
    });
    fromUrl();
  }).catch(function () { say("The search index could not be read."); });
})();
