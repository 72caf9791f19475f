// Plenary: progressive behaviour for footnote tooltips. Without this script
// the tooltips still show on hover and focus (CSS); with it they stay inside
// the viewport, close on Escape, and open on a first tap on touch screens.
(function () {
  "use strict";
  var MARGIN = 8;

  function tipOf(fn) { return fn.querySelector(":scope > .fn-tip"); }

  function place(fn) {
    var tip = tipOf(fn);
    if (!tip) return;
    tip.style.setProperty("--shift", "0px");
    fn.classList.remove("below");
    var r = tip.getBoundingClientRect();
    var shift = 0;
    var width = document.documentElement.clientWidth;
    if (r.left < MARGIN) shift = MARGIN - r.left;
    else if (r.right > width - MARGIN) shift = width - MARGIN - r.right;
    tip.style.setProperty("--shift", shift + "px");
    if (r.top < MARGIN) fn.classList.add("below");
  }

  function show(fn) {
    fn.classList.remove("dismissed");
    place(fn);
  }

  function closeAll(except) {
    document.querySelectorAll(".fn.open").forEach(function (fn) {
      if (fn !== except) fn.classList.remove("open");
    });
  }

  function fnOf(target) {
    return target && target.closest ? target.closest(".fn") : null;
  }

  document.addEventListener("mouseover", function (e) {
    var fn = fnOf(e.target);
    if (fn) show(fn);
  });
  document.addEventListener("focusin", function (e) {
    var fn = fnOf(e.target);
    if (fn) show(fn);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll(".fn").forEach(function (fn) {
      fn.classList.remove("open");
      if (fn.matches(":hover, :focus-within")) fn.classList.add("dismissed");
    });
  });
  document.addEventListener("click", function (e) {
    var ref = e.target.closest ? e.target.closest(".fn-ref") : null;
    if (!ref) {
      if (!fnOf(e.target)) closeAll(null);
      return;
    }
    // On touch screens the first tap shows the note; a second follows the link.
    if (window.matchMedia("(hover: none)").matches) {
      var fn = fnOf(ref);
      if (!fn.classList.contains("open")) {
        e.preventDefault();
        closeAll(fn);
        fn.classList.add("open");
        show(fn);
      }
    }
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll(".fn.open").forEach(place);
  });

  // Keyboard shortcuts, listed in a dialog that "?" opens.
  var SHORTCUTS = [
    ["j or →", "Next paragraph"],
    ["k or ←", "Previous paragraph"],
    ["u", "Up: the whole resolution"],
    ["/", "Search"],
    ["?", "This list of shortcuts"],
    ["Esc", "Close a footnote or this list"]
  ];
  var dialog = null;
  function help() {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "help";
      dialog.setAttribute("aria-labelledby", "help-title");
      var h = document.createElement("h2");
      h.id = "help-title";
      h.textContent = "Keyboard shortcuts";
      dialog.appendChild(h);
      var dl = document.createElement("dl");
      SHORTCUTS.forEach(function (s) {
        var dt = document.createElement("dt");
        var kbd = document.createElement("kbd");
        kbd.textContent = s[0];
        dt.appendChild(kbd);
        var dd = document.createElement("dd");
        dd.textContent = s[1];
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      dialog.appendChild(dl);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Close";
      close.addEventListener("click", function () { dialog.close(); });
      dialog.appendChild(close);
      document.body.appendChild(dialog);
    }
    if (!dialog.open) dialog.showModal();
  }
  function follow(selector) {
    var a = document.querySelector(selector);
    if (a) location.href = a.href;
  }
  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable], dialog")) return;
    switch (e.key) {
      case "j": case "ArrowRight": follow(".pager a[rel=next]"); break;
      case "k": case "ArrowLeft": follow(".pager a[rel=prev]"); break;
      case "u": follow(".pager a.up"); break;
      case "/":
        var q = document.getElementById("q") || document.getElementById("site-q");
        if (q) { e.preventDefault(); q.focus(); q.select(); }
        break;
      case "?": e.preventDefault(); help(); break;
      default: return;
    }
  });
  var helpButton = document.querySelector(".help-button");
  if (helpButton) helpButton.addEventListener("click", help);

  // "Copy citation": the citation as plain text on the clipboard.
  document.querySelectorAll(".copy-citation").forEach(function (b) {
    b.addEventListener("click", function () {
      var text = b.getAttribute("data-citation");
      var done = function () {
        b.textContent = "Copied";
        setTimeout(function () { b.textContent = "Copy citation"; }, 2000);
      };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
    });
  });
})();
