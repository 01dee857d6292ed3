// The switch to the version for the visually impaired, remembered on this device.
(function () {
  var root = document.documentElement, key = "kopilka-contrast";
  try { if (localStorage.getItem(key) === "1") root.classList.add("contrast"); } catch (e) {}
  var b = document.querySelector("[data-contrast]");
  if (!b) return;
  b.hidden = false;
  var label = function () {
    b.textContent = root.classList.contains("contrast") ? "Обычная версия" : "Версия для слабовидящих";
    b.setAttribute("aria-pressed", root.classList.contains("contrast") ? "true" : "false");
  };
  label();
  b.addEventListener("click", function () {
    root.classList.toggle("contrast");
    try { localStorage.setItem(key, root.classList.contains("contrast") ? "1" : "0"); } catch (e) {}
    label();
  });
})();

// «Я применил(а) у себя»: the form shows when the server that takes it
// answers, and sends without leaving the page.
(function () {
  var box = document.querySelector("[data-adopt]");
  if (!box || !window.fetch) return;
  var form = box.querySelector("form"), url = form.getAttribute("data-adopt-url");
  var status = form.querySelector("[data-adopt-status]"), count = document.querySelector("[data-adopt-count]");
  // the server that takes the form names the schools to choose from
  fetch(url, { method: "GET", mode: "cors" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (j) {
    if (!j) return;
    var select = form.querySelector("select[name=school]"), other = select.querySelector("option[value=other]");
    (j.schools || []).forEach(function (s) {
      var o = document.createElement("option");
      o.value = s.slug;
      o.textContent = s.name;
      select.insertBefore(o, other);
    });
    box.hidden = false;
  }).catch(function () {});
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = {};
    new FormData(form).forEach(function (v, k) { data[k] = String(v); });
    fetch(url, { method: "POST", mode: "cors", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        status.textContent = res.body.message || (res.ok ? form.getAttribute("data-thanks") : form.getAttribute("data-failed"));
        if (res.ok) {
          form.reset();
          if (res.body.schools > 0 && res.body.schools_text) count.textContent = res.body.schools_text;
        }
      })
      .catch(function () { status.textContent = form.getAttribute("data-failed"); });
  });
})();

// Pages opened and packs downloaded stay readable offline (sw.js); the
// site is installable from its manifest.
(function () {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });
})();

// The offline page lists the pages this device keeps.
(function () {
  var list = document.querySelector("[data-offline-pages]");
  if (!list || !window.caches) return;
  caches.keys().then(function (names) {
    var pages = names.filter(function (n) { return /-pages$/.test(n); });
    return Promise.all(pages.map(function (n) {
      return caches.open(n).then(function (c) {
        return c.keys().then(function (keys) {
          return Promise.all(keys.map(function (req) {
            var path = new URL(req.url).pathname;
            if (path === "/offline/") return null;
            if (/\.zip$/.test(path)) return { url: path, title: decodeURIComponent(path.split("/").pop()) };
            return c.match(req).then(function (r) { return r.text(); }).then(function (html) {
              var doc = new DOMParser().parseFromString(html, "text/html");
              // «Title — Методическая копилка»: the site's name is the same on each
              var title = (doc.title || path).trim(), cut = title.lastIndexOf(" — ");
              return { url: path, title: cut > 0 ? title.slice(0, cut) : title };
            });
          }));
        });
      });
    }));
  }).then(function (groups) {
    var seen = {};
    groups.forEach(function (g) {
      g.forEach(function (p) {
        if (!p || seen[p.url]) return;
        seen[p.url] = true;
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.title;
        li.appendChild(a);
        list.appendChild(li);
      });
    });
    if (list.children.length) {
      list.hidden = false;
      var none = document.querySelector("[data-offline-none]");
      if (none) none.hidden = true;
    }
  }).catch(function () {});
})();
