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
  var key = function (w) {
    var k = "";
    for (var i = 0; i < 2 && i < w.length; i++) k += (translit[w[i]] !== undefined ? translit[w[i]] : w[i]);
    k = k.replace(/[^a-z0-9]/g, "");
    return k || "_";
  };
  var cache = {};
  var chunk = function (k) {
    if (!cache[k]) cache[k] = fetch("/search/" + k + ".json").then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    return cache[k];
  };
  status.textContent = "Ищем…";
  Promise.all([fetch("/search/docs.json").then(function (r) { return r.json(); })].concat(words.map(function (w) { return chunk(key(w)); }))).then(function (res) {
    var docs = res[0], scores = null;
    words.forEach(function (w, i) {
      var c = res[i + 1], hits = {};
      for (var n = w.length; n >= 2; n--) {
        var postings = c[w.slice(0, n)];
        if (postings) { postings.forEach(function (p) { hits[p[0]] = (hits[p[0]] || 0) + p[1]; }); break; }
      }
      if (scores === null) { scores = hits; return; }
      var next = {};
      Object.keys(scores).forEach(function (id) { if (hits[id]) next[id] = scores[id] + hits[id]; });
      scores = next;
    });
    var ids = Object.keys(scores || {}).sort(function (a, b) { return scores[b] - scores[a]; }).slice(0, 50);
    status.textContent = ids.length ? "Найдено: " + ids.length : "Ничего не найдено. Попробуйте другое слово или откройте банк материалов.";
    ids.forEach(function (id) {
      var d = docs[id], li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      li.className = "card"; a.className = "card-title"; a.href = d.u; a.textContent = d.t;
      p.className = "meta"; p.textContent = d.k + (d.s ? " · " + d.s : "");
      li.appendChild(a); li.appendChild(p); list.appendChild(li);
    });
  }).catch(function () { status.textContent = "Не удалось загрузить поиск."; });
})();
