// Plenary preview: reloads the page when the site is rebuilt (keeping the
// scroll position) and shows build errors in an overlay. Served only by
// `plenary serve`, never part of a built site.
(function () {
  "use strict";
  var KEY = "plenary-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  var overlay = null;
  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "plenary-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
        "background:#2b0b0b;color:#ffe4e4;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;" +
        "padding:1rem 1.25rem;z-index:2147483647;white-space:pre-wrap;border-top:4px solid #e05555";
      document.body.appendChild(overlay);
    }
    // Text, never HTML: messages quote the user's files.
    overlay.textContent = "Plenary could not rebuild the site; showing the last good version.\n\n" + message;
  }
  var source = new EventSource("/__plenary/live");
  source.addEventListener("reload", function () {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  });
  source.addEventListener("build-error", function (e) { show(e.data); });
})();
