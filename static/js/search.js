// Search over the static index in /search/ (internal/sitegen/search.go
// describes it, and its Search does the same in Go: keep the two alike).
// The manifest names the chunks that exist, so nothing is asked for that
// is not there. A query word's exact term is the longest prefix of it that
// is a term and leaves a known ending («дробями» → «дроб»); a word of four
// letters or more also matches the terms it begins («робототех»).
// Documents matching every word come first, then those matching more
// words exactly, then by weight.
(function () {
  var translit = {"а":"a","б":"b","в":"v","г":"g","д":"d","е":"e","ё":"yo","ж":"zh","з":"z","и":"i","й":"j","к":"k","л":"l","м":"m","н":"n","о":"o","п":"p","р":"r","с":"s","т":"t","у":"u","ф":"f","х":"h","ц":"c","ч":"ch","ш":"sh","щ":"shch","ъ":"","ы":"y","ь":"","э":"e","ю":"yu","я":"ya"};
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-";
  var KEY_LETTERS = 4, QUERY_CHARS = 200, QUERY_WORDS = 8, RESULTS = 20;
  var own = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
  var input = document.getElementById("q"), status = document.getElementById("search-status"), list = document.getElementById("search-results");
  if (!list || !status) return;
  // the status line says where the search is (data-state, which tests
  // wait on) in the words of the page's data attributes
  var say = function (name, text) {
    status.textContent = text !== undefined ? text : status.getAttribute("data-" + name) || "";
    status.setAttribute("data-state", name);
  };
  var q = new URLSearchParams(location.search).get("q") || "";
  if (input) input.value = q;
  if (!q.trim()) return;

  // the words as the index has them: lower case, ё as е, letters and
  // digits, two or more, each once
  var words = [];
  Array.from(q).slice(0, QUERY_CHARS).join("").toLowerCase().replace(/ё/g, "е").split(/[^\p{L}\p{Nd}]+/u).forEach(function (w) {
    if (Array.from(w).length >= 2 && words.indexOf(w) < 0 && words.length < QUERY_WORDS) words.push(w);
  });
  if (!words.length) { say("none"); return; }

  // a chunk is named by the first four letters of its terms
  var key = function (chars) {
    var k = "";
    chars.slice(0, KEY_LETTERS).forEach(function (c) {
      if (/^[a-z0-9]$/.test(c)) k += c;
      else if (own(translit, c)) k += translit[c];
      else k += "x" + c.codePointAt(0).toString(16);
    });
    return k || "_";
  };
  var json = function (url, options) {
    return fetch(url, options).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  };
  // chunks and shards are asked for with the index's version, the
  // manifest afresh each time (revalidated, mostly a 304)
  var version = "", chunks = {};
  var chunk = function (k) {
    if (!chunks[k]) chunks[k] = json("/search/t/" + k + ".json?v=" + version);
    return chunks[k];
  };
  // postings: pairs of base-32 numbers, [0-9a-v] ending one — the gap to
  // the document (less one) and the weight (less one)
  var add = function (to, s) {
    var prev = -1, v = 0, half = false;
    for (var i = 0; i < s.length; i++) {
      var d = DIGITS.indexOf(s[i]);
      if (d >= 32) { v = v * 32 + d - 32; continue; }
      v = v * 32 + d;
      if (!half) prev = prev + v + 1;
      else to[prev] = (to[prev] || 0) + v + 1;
      half = !half; v = 0;
    }
  };

  var lookup = function (w, has, endings) {
    var r = Array.from(w), hits = {exact: {}, prefix: {}};
    var four = r.length >= KEY_LETTERS && own(has, key(r)); // the chunk of the first four letters exists
    return (four ? chunk(key(r)) : Promise.resolve({})).then(function (first) {
      var n = r.length;
      // the exact term: the longest prefix that is a term and leaves an
      // ending, with its chunk; a shorter prefix's chunk is loaded only
      // when no longer prefix is a term
      var exact = function () {
        for (; n >= 2; n--) {
          if (!own(endings, r.slice(n).join(""))) continue;
          var t = r.slice(0, n).join("");
          if (n >= KEY_LETTERS) {
            if (own(first, t)) return Promise.resolve([t, first]);
            continue;
          }
          var k = key(r.slice(0, n));
          if (!own(has, k)) continue;
          n--;
          return chunk(k).then(function (c) { return own(c, t) ? [t, c] : exact(); });
        }
        return Promise.resolve(["", {}]);
      };
      return exact().then(function (found) {
        var t = found[0];
        if (t) add(hits.exact, found[1][t]);
        if (four) Object.keys(first).forEach(function (p) {
          if (p !== t && p.indexOf(w) === 0) add(hits.prefix, first[p]);
        });
        return hits;
      });
    });
  };

  var render = function (docs, ids, ranks, all, total) {
    var items = document.createDocumentFragment(), partial = false;
    ids.forEach(function (id, i) {
      var d = docs[i];
      if (!d) return;
      if (!partial && words.length > 1 && ranks[id].words < words.length) {
        partial = true;
        var note = document.createElement("li");
        note.className = "search-partial";
        note.textContent = list.getAttribute("data-partial") || "";
        items.appendChild(note);
      }
      var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      li.className = "card"; a.className = "card-title"; a.href = d.u; a.textContent = d.t;
      p.className = "meta"; p.textContent = d.k + (d.s ? " · " + d.s : "");
      li.appendChild(a); li.appendChild(p); items.appendChild(li);
    });
    var text = (status.getAttribute("data-found") || "").replace("{n}", total);
    if (total > ids.length) text += (status.getAttribute("data-first") || "").replace("{n}", ids.length);
    if (words.length > 1) text += (status.getAttribute("data-all") || "").replace("{n}", all);
    say("found", text);
    list.appendChild(items);
  };

  say("searching");
  json("/search/manifest.json", {cache: "no-cache"}).then(function (man) {
    var has = {}, endings = {};
    version = encodeURIComponent(man.v);
    man.chunks.split(" ").forEach(function (k) { if (k) has[k] = true; });
    (man.endings + " ").split(" ").forEach(function (e) { endings[e] = true; }); // "" too
    return Promise.all(words.map(function (w) { return lookup(w, has, endings); })).then(function (hits) {
      var ranks = {};
      hits.forEach(function (h) {
        [h.exact, h.prefix].forEach(function (m) {
          Object.keys(m).forEach(function (id) { if (!ranks[id]) ranks[id] = {id: +id, words: 0, exact: 0, score: 0}; });
        });
        Object.keys(ranks).forEach(function (id) {
          var r = ranks[id], e = h.exact[id] || 0, p = h.prefix[id] || 0;
          if (e > 0 || p > 0) { r.words++; r.score += e + p; }
          if (e > 0) r.exact++;
        });
      });
      var order = Object.keys(ranks).map(function (id) { return ranks[id]; });
      var all = order.filter(function (r) { return r.words === words.length; }).length;
      order.sort(function (a, b) { return b.words - a.words || b.exact - a.exact || b.score - a.score || a.id - b.id; });
      if (!order.length) { say("none"); return; }
      var ids = order.slice(0, RESULTS).map(function (r) { return r.id; }), shards = {};
      ids.forEach(function (id) { var n = Math.floor(id / man.shard); if (!shards[n]) shards[n] = json("/search/docs/" + n + ".json?v=" + version); });
      return Promise.all(ids.map(function (id) {
        return shards[Math.floor(id / man.shard)].then(function (docs) { return docs[id % man.shard]; });
      })).then(function (docs) { render(docs, ids, ranks, all, order.length); });
    });
  }).catch(function () { say("failed"); });
})();
