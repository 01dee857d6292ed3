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
