/* Turns textareas with data-richtext into CKEditor 5 (django-ckeditor-5's bundle).
   No inline script: configuration comes from the data attribute. Without JavaScript (or if the
   editor fails) the textarea stays and works. The server sanitizes whatever is submitted. */
(function () {
  "use strict";
  // Features we do not offer: uploads and embeds (no image upload route exists), raw HTML,
  // Markdown output, styles and fonts (the sanitizer would drop them anyway).
  var REMOVED = [
    "Markdown", "SimpleUploadAdapter", "CKFinderUploadAdapter", "Image", "ImageCaption",
    "ImageStyle", "ImageToolbar", "ImageResize", "ImageInsert", "LinkImage", "MediaEmbed",
    "HtmlEmbed", "SourceEditing", "GeneralHtmlSupport", "FullPage", "Style", "Font",
    "Highlight", "Autosave", "Mention", "WordCount", "TodoList", "Alignment", "IndentBlock",
    "TableProperties", "TableCellProperties", "PageBreak", "ShowBlocks"
  ];

  function labelFor(textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    return label ? label.textContent.replace("*", "").trim() : "";
  }

  function start(textarea) {
    var config = JSON.parse(textarea.getAttribute("data-richtext") || "{}");
    config.licenseKey = "GPL";
    config.removePlugins = REMOVED;
    config.label = labelFor(textarea);
    window.ClassicEditor.create(textarea, config).then(function (editor) {
      editor.model.document.on("change:data", function () {
        textarea.value = editor.getData();
      });
      var label = document.querySelector('label[for="' + textarea.id + '"]');
      if (label) {
        label.addEventListener("click", function () { editor.editing.view.focus(); });
      }
    }).catch(function (error) {
      // The plain textarea remains usable.
      if (window.console) { window.console.error(error); }
    });
  }

  function init() {
    if (!window.ClassicEditor) { return; }
    var areas = document.querySelectorAll("textarea[data-richtext]");
    for (var i = 0; i < areas.length; i += 1) { start(areas[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
