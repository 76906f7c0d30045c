// The back office's accessibility fixes for what Django's admin JavaScript builds (issue 20):
// - the permission pickers (SelectFilter2) put aria-label on a span without a role: give the
//   search icon role="img", on which aria-label is allowed;
// - the autocomplete fields (select2) render a combobox without a name: name it by the label
//   of the select it replaces.
// Without JavaScript neither is built, and the plain widgets are labelled already.
(function () {
    "use strict";
    function fix(root) {
        root.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
            icon.setAttribute("role", "img");
        });
        root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
            var combobox = select.parentNode.querySelector(".select2-selection[role=combobox]");
            if (!combobox || combobox.hasAttribute("aria-label")) {
                return;
            }
            var label = select.id && document.querySelector('label[for="' + select.id + '"]');
            var name = select.getAttribute("aria-label") || (label && label.textContent.trim().replace(/:$/, ""));
            if (name) {
                // select2 names the combobox by its rendered choice, empty until one is made.
                combobox.removeAttribute("aria-labelledby");
                combobox.setAttribute("aria-label", name);
                var rendered = combobox.querySelector(".select2-selection__rendered");
                if (rendered) {
                    rendered.setAttribute("aria-label", name);
                }
            }
        });
    }
    // A deferred script: its load handler runs after those the admin's scripts added while the
    // page was parsed (SelectFilter2 builds its pickers on load; select2 on DOMContentLoaded).
    window.addEventListener("load", function () { fix(document); });
    // select2 builds its combobox when jQuery is ready, which may be after load: fix it as soon
    // as it is inserted (a mutation observer runs before any other script sees the page).
    new MutationObserver(function (mutations) {
        for (var i = 0; i < mutations.length; i++) {
            for (var j = 0; j < mutations[i].addedNodes.length; j++) {
                var node = mutations[i].addedNodes[j];
                if (node.nodeType === 1 && node.classList.contains("select2-container")) {
                    fix(document);
                    return;
                }
            }
        }
    }).observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("formset:added", function (event) { fix(event.target); });
})();
