// claimgraph: small keyboard helpers. Everything works without this file.
(function () {
  "use strict";
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      var box = document.querySelector("main input[type=search]") || document.getElementById("global-q");
      if (box) { ev.preventDefault(); box.focus(); box.select(); }
    } else if (ev.key === "Escape" && typing && t.blur) {
      t.blur();
    }
  });
})();
