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
