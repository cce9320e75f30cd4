// Live preview of a Markdown field in the admin, rendered by the site's own server-side
// sanitiser (the same function the public pages use), so the preview matches the site.
// Loaded as a file: the Content-Security-Policy allows no inline script.
"use strict";

(function () {
  var WAIT_MS = 400;

  function csrfToken(textarea) {
    var form = textarea.form || document;
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showMessage(target, text) {
    var paragraph = document.createElement("p");
    paragraph.className = "markdown-preview-error";
    paragraph.textContent = text;
    target.replaceChildren(paragraph);
  }

  function render(textarea, target) {
    var body = new FormData();
    body.append("text", textarea.value);
    fetch(textarea.dataset.markdownPreview, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(textarea) },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            // Sanitised by the server (nh3 allow-list), exactly as on the public page.
            target.innerHTML = data.html;
          } else {
            showMessage(target, data.error || "The preview is not available just now.");
          }
        });
      })
      .catch(function () {
        showMessage(target, "The preview is not available just now; your text is not affected.");
      });
  }

  function attach(textarea) {
    var target = document.getElementById(textarea.id + "_preview");
    if (!target) {
      return;
    }
    target.closest(".markdown-preview").hidden = false;
    var timer = null;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        render(textarea, target);
      }, WAIT_MS);
    });
    render(textarea, target);
  }

  function start() {
    document.querySelectorAll("textarea[data-markdown-preview]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
