// Search over the static index in /search/: the index is split into
// chunks by the first two letters of a stem; a query word matches the
// longest stem that is a prefix of it, so «дробями» finds «дроби».
(function () {
  var translit = {"а":"a","б":"b","в":"v","г":"g","д":"d","е":"e","ё":"yo","ж":"zh","з":"z","и":"i","й":"j","к":"k","л":"l","м":"m","н":"n","о":"o","п":"p","р":"r","с":"s","т":"t","у":"u","ф":"f","х":"h","ц":"c","ч":"ch","ш":"sh","щ":"shch","ъ":"","ы":"y","ь":"","э":"e","ю":"yu","я":"ya"};
  var params = new URLSearchParams(location.search);
  var q = (params.get("q") || "").trim();
  var input = document.getElementById("q"), status = document.getElementById("search-status"), list = document.getElementById("search-results");
  if (!list) return;
  if (input) input.value = q;
  if (!q) return;
  var words = q.toLowerCase().replace(/ё/g, "е").split(/[^0-9a-zа-я]+/).filter(function (w) { return w.length > 1; });
  if (!words.length) return;
  // a stem's chunk is named by its first three letters (two for a
  // two-letter stem)
  var key = function (w, n) {
    var k = "";
    for (var i = 0; i < n && i < w.length; i++) k += (translit[w[i]] !== undefined ? translit[w[i]] : w[i]);
    k = k.replace(/[^a-z0-9]/g, "");
    return k || "_";
  };
  var cache = {};
  var chunk = function (k) {
    if (!cache[k]) cache[k] = fetch("/search/" + k + ".json").then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    return cache[k];
  };
  var SHARD = 50, shards = {};
  var shard = function (n) {
    if (!shards[n]) shards[n] = fetch("/search/docs/" + n + ".json").then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
    return shards[n];
  };
  status.textContent = "Ищем…";
  Promise.all(words.map(function (w) {
    return Promise.all([chunk(key(w, 3)), chunk(key(w, 2))]);
  })).then(function (res) {
    var scores = null;
    words.forEach(function (w, i) {
      var long = res[i][0], short = res[i][1], hits = {};
      for (var n = w.length; n >= 2; n--) {
        var postings = (n >= 3 ? long : short)[w.slice(0, n)];
        if (postings) { postings.forEach(function (p) { hits[p[0]] = (hits[p[0]] || 0) + p[1]; }); break; }
      }
      if (scores === null) { scores = hits; return; }
      var next = {};
      Object.keys(scores).forEach(function (id) { if (hits[id]) next[id] = scores[id] + hits[id]; });
      scores = next;
    });
    var all = Object.keys(scores || {}).sort(function (a, b) { return scores[b] - scores[a]; });
    var ids = all.slice(0, 20);
    status.textContent = all.length ? "Найдено: " + all.length + (all.length > ids.length ? ", показаны первые " + ids.length : "") : "Ничего не найдено. Попробуйте другое слово или откройте банк материалов.";
    var need = {};
    ids.forEach(function (id) { need[Math.floor(id / SHARD)] = true; });
    return Promise.all(Object.keys(need).map(function (n) { return shard(n).then(function (docs) { return [n, docs]; }); })).then(function (loaded) {
      var byShard = {};
      loaded.forEach(function (p) { byShard[p[0]] = p[1]; });
      return ids.map(function (id) { return byShard[Math.floor(id / SHARD)][id % SHARD]; });
    });
  }).then(function (docs) {
    (docs || []).forEach(function (d) {
      if (!d) return;
      var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      li.className = "card"; a.className = "card-title"; a.href = d.u; a.textContent = d.t;
      p.className = "meta"; p.textContent = d.k + (d.s ? " · " + d.s : "");
      li.appendChild(a); li.appendChild(p); list.appendChild(li);
    });
  }).catch(function () { status.textContent = "Не удалось загрузить поиск."; });
})();
