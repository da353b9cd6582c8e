/* presslens: progressive filters for the report. The page is complete without this script. */
(function () {
  "use strict";
  var bar = document.getElementById("filters");
  if (!bar) { return; }
  bar.hidden = false;
  var articles = Array.prototype.slice.call(document.querySelectorAll("article.article"));
  var count = document.getElementById("f-count");
  function value(id) { var el = document.getElementById(id); return el ? el.value : ""; }
  function has(article, key, wanted) {
    try { return JSON.parse(article.getAttribute("data-" + key) || "[]").indexOf(wanted) >= 0; }
    catch (e) { return false; }
  }
  function apply() {
    var source = value("f-source"), text = value("f-text").toLowerCase().trim(), shown = 0;
    var keyed = Array.prototype.slice.call(bar.querySelectorAll("select[data-key]"));
    articles.forEach(function (a) {
      var ok = (!source || a.getAttribute("data-source") === source) &&
        (!text || a.textContent.toLowerCase().indexOf(text) >= 0);
      keyed.forEach(function (sel) { if (ok && sel.value) { ok = has(a, sel.getAttribute("data-key"), sel.value); } });
      a.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (count) { count.textContent = shown + " of " + articles.length + " articles shown"; }
  }
  Array.prototype.forEach.call(bar.querySelectorAll("input[data-layer]"), function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
    });
  });
  bar.addEventListener("input", apply);
  bar.addEventListener("change", apply);
  bar.addEventListener("submit", function (e) { e.preventDefault(); });
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var a = target && target.closest ? target.closest("article.article") : null;
    if (a && a.hidden) {
      bar.reset(); apply();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  apply();
})();
