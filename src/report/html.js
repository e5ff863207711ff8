(function () {
  "use strict";
  var doc = document;
  var boxes = Array.prototype.slice.call(doc.querySelectorAll("#filters input[type=checkbox]"));
  var items = Array.prototype.slice.call(doc.querySelectorAll("mark.finding, li.card"));
  var shown = doc.getElementById("shown");

  // ?hide=sev:info,rule:PAY001 opens the report with those filters off (shareable views).
  var hide = (new URLSearchParams(location.search).get("hide") || "").split(",");
  boxes.forEach(function (box) {
    if (hide.indexOf(box.value) >= 0) box.checked = false;
    box.addEventListener("change", apply);
  });

  function apply() {
    var off = {};
    boxes.forEach(function (box) { if (!box.checked) off[box.value] = true; });
    var count = 0;
    items.forEach(function (el) {
      var hidden = !!(off["sev:" + el.dataset.sev] || off["rule:" + el.dataset.code]);
      el.classList.toggle("off", hidden);
      if (!hidden && el.tagName === "LI") count++;
    });
    if (shown) shown.textContent = String(count);
  }

  function select(n) {
    doc.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    doc.querySelectorAll('[data-n="' + n + '"]').forEach(function (el) { el.classList.add("active"); });
  }

  doc.addEventListener("click", function (e) {
    var mark = e.target.closest("mark.finding");
    if (mark && !mark.classList.contains("off")) {
      // The innermost mark under the pointer is the most specific finding.
      var card = doc.getElementById("c-" + mark.dataset.n);
      if (card) {
        select(mark.dataset.n);
        card.scrollIntoView({ behavior: "smooth", block: "nearest" });
      }
      return;
    }
    var why = e.target.closest("dd.why");
    if (why) {
      // The reasoning is clamped to three lines on screen; a click shows all of it.
      why.classList.toggle("open");
      return;
    }
    var jump = e.target.closest("a.jump");
    if (jump) {
      var n = jump.closest("li.card").dataset.n;
      var target = doc.getElementById("f-" + n);
      if (target) {
        e.preventDefault();
        select(n);
        target.scrollIntoView({ behavior: "smooth", block: "center" });
      }
    }
  });

  apply();
  doc.documentElement.setAttribute("data-ready", "1");
})();
