// Wagtail's bundled date picker (xdsoft) writes its apply button in English ("Save Selected")
// and has no option for it: label it in the admin's language, given by this script's tag.
(function () {
  "use strict";
  var label = document.currentScript && document.currentScript.dataset.saveSelected;
  if (!label) return;
  function relabel(root) {
    if (root.nodeType !== 1) return;
    var buttons = root.matches(".xdsoft_save_selected") ? [root] : root.querySelectorAll(".xdsoft_save_selected");
    for (var i = 0; i < buttons.length; i++) buttons[i].textContent = label;
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(relabel);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  relabel(document.documentElement);
})();
