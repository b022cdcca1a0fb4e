/* The search page without reloads: the form and its links fetch the same URL a plain GET would load,
   the results are swapped in place, and the address bar follows, so every state stays a permalink.
   Without JavaScript the same form and links work as ordinary GET requests. */
(function () {
  "use strict";
  if (!window.fetch || !window.history || !window.DOMParser) return;
  var pending = null;

  function root() { return document.querySelector("[data-search]"); }

  function formUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== "") params.append(name, value); });
    var query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  function load(url, push, focusId) {
    if (pending) pending.abort();
    pending = new AbortController();
    var current = root();
    current.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "Accept": "text/html" }, signal: pending.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-search]");
        if (!fresh) { window.location.assign(url); return; }
        current.replaceWith(fresh);
        document.title = page.title;
        if (push) window.history.pushState({ search: true }, "", url);
        var target = (focusId && document.getElementById(focusId)) || fresh.querySelector(".error-summary") || fresh.querySelector(".total");
        if (target) { if (!target.hasAttribute("tabindex") && !/^(INPUT|SELECT|A|BUTTON)$/.test(target.tagName)) target.setAttribute("tabindex", "-1"); target.focus(); }
      })
      .catch(function (error) { if (error.name !== "AbortError") window.location.assign(url); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-search-form]");
    if (!form) return;
    event.preventDefault();
    load(formUrl(form), true, document.activeElement && document.activeElement.id);
  });
  document.addEventListener("change", function (event) {
    var form = event.target.closest("[data-search-form]");
    // Typed fields wait for Enter or a button; choices apply at once.
    if (!form || !/^(checkbox|select-one)$/.test(event.target.type)) return;
    load(formUrl(form), true, event.target.id || null);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-search-link]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    load(link.href, true, null);
  });
  window.addEventListener("popstate", function () { load(window.location.href, false, null); });
})();
