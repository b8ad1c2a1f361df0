// Greenhouse calendar: subscribe links that follow the host the page is served from,
// "copy link" buttons, and the /calendar/ filters (kept in the URL so a view can be shared).
(function () {
  "use strict";

  function setUpFeed(feed) {
    var download = feed.querySelector(".gh-feed__download");
    if (!download) return;
    var https = download.href; // resolved against this page, so right on any host
    var subscribe = feed.querySelector(".gh-feed__subscribe");
    if (subscribe) subscribe.href = https.replace(/^https?:/, "webcal:");
    var copy = feed.querySelector(".gh-feed__copy");
    var status = feed.querySelector(".gh-feed__status");
    if (!copy || !navigator.clipboard) return;
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(https).then(function () {
        if (status) status.textContent = copy.dataset.ghCopied;
      });
    });
  }

  function setUpFilters(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".gh-occurrence"));
    var months = document.querySelectorAll("[data-gh-month]");
    var none = document.querySelector("[data-gh-none]");
    var count = form.querySelector("[data-gh-count]");
    var params = new URLSearchParams(location.search);
    ["competency", "format"].forEach(function (name) {
      var wanted = params.get(name);
      if (wanted && form.elements[name].querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        form.elements[name].value = wanted;
      }
    });

    function apply() {
      var competency = form.elements.competency.value;
      var format = form.elements.format.value;
      var shown = 0;
      items.forEach(function (li) {
        var ok = (!competency || li.dataset.competencies.split(" ").indexOf(competency) >= 0) &&
          (!format || li.dataset.format === format);
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      months.forEach(function (month) {
        month.hidden = !month.querySelector(".gh-occurrence:not([hidden])");
      });
      if (none) none.hidden = shown > 0;
      if (count) {
        count.textContent = count.dataset.template
          .replace("{n}", shown).replace("{total}", items.length);
      }
      var query = new URLSearchParams();
      if (competency) query.set("competency", competency);
      if (format) query.set("format", format);
      var search = query.toString();
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  function start() {
    document.querySelectorAll("[data-gh-feed]").forEach(setUpFeed);
    var form = document.querySelector("[data-gh-calendar-filters]");
    if (form) setUpFilters(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
