/**
 * The form page's optional script, inlined. Without it the form is a plain POST that answers
 * with a page. With it: the answers go by fetch with an `Idempotency-Key` (the page's token, so
 * a double click or a retry captures once), errors appear beside their fields without a reload,
 * and the page tells an embedding iframe its height (the snippet's script resizes to it).
 * ES5, no dependencies: it must run in every browser that still visits company websites.
 */
export const FORM_SCRIPT = `(function () {
  var form = document.getElementById("truce-form");
  function tellHeight() {
    try {
      if (window.parent !== window) window.parent.postMessage({ truceForm: document.body.getAttribute("data-form"), height: document.documentElement.scrollHeight }, "*");
    } catch (e) {}
  }
  tellHeight();
  window.addEventListener("resize", tellHeight);
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var summary = document.getElementById("summary");
  var button = form.querySelector("button[type=submit]");
  var label = button.textContent;
  function clear() {
    var errors = form.querySelectorAll(".error");
    for (var i = 0; i < errors.length; i++) { errors[i].textContent = ""; errors[i].hidden = true; }
    var invalid = form.querySelectorAll("[aria-invalid]");
    for (var j = 0; j < invalid.length; j++) invalid[j].removeAttribute("aria-invalid");
    summary.hidden = true;
    summary.querySelector("p").textContent = summary.getAttribute("data-title");
  }
  function show(problems) {
    var list = document.createElement("ul");
    for (var i = 0; i < problems.length; i++) {
      var p = problems[i], error = document.getElementById("e-" + p.path), input = document.getElementById("f-" + p.path);
      if (error) { error.textContent = p.message; error.hidden = false; }
      if (input) input.setAttribute("aria-invalid", "true");
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = "#f-" + p.path;
      link.textContent = (form.querySelector("[data-label=" + JSON.stringify(p.path) + "]") || {}).textContent + " — " + p.message;
      item.appendChild(link);
      list.appendChild(item);
    }
    summary.replaceChild(list, summary.querySelector("ul"));
    summary.hidden = false;
    summary.focus();
  }
  function fail(message) {
    summary.replaceChild(document.createElement("ul"), summary.querySelector("ul"));
    summary.querySelector("p").textContent = message;
    summary.hidden = false;
    summary.focus();
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clear();
    button.disabled = true;
    button.textContent = form.getAttribute("data-sending");
    fetch(form.action, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": form.elements.token.value },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (r) {
      if (r.ok) {
        var done = document.getElementById("done");
        done.querySelector("p").textContent = r.body.message;
        form.hidden = true;
        done.hidden = false;
        done.focus();
      } else if (r.body.details && r.body.details.problems) {
        show(r.body.details.problems);
      } else {
        fail(r.body.message || form.getAttribute("data-failed"));
      }
    }, function () {
      fail(form.getAttribute("data-failed"));
    }).then(function () {
      button.disabled = false;
      button.textContent = label;
      tellHeight();
    });
  });
})();`;
