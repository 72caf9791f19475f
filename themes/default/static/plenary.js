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
})();
