// Greenhouse calendar: subscribe links that follow the host the page is served from,
// "copy link" buttons, and the /calendar/ filters (kept in the URL so a view can be shared).
(function () {
  "use strict";

  function setUpFeed(feed) {
    var download = feed.querySelector(".gh-feed__download");
    if (!download) return;
    pointFeed(feed, download.getAttribute("href"));
    var copy = feed.querySelector(".gh-feed__copy");
    var status = feed.querySelector(".gh-feed__status");
    if (!copy || !navigator.clipboard) return;
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(download.href).then(function () {
        if (status) status.textContent = copy.dataset.ghCopied;
      });
    });
  }

  /* Point a feed's links at `path` (relative to this page, so right on any host). */
  function pointFeed(feed, path) {
    var download = feed.querySelector(".gh-feed__download");
    download.setAttribute("href", path);
    var subscribe = feed.querySelector(".gh-feed__subscribe");
    if (subscribe) subscribe.href = download.href.replace(/^https?:/, "webcal:");
    var status = feed.querySelector(".gh-feed__status");
    if (status) status.textContent = "";
  }

  /* On /calendar/: the chosen competency's feed, or the whole calendar's. */
  function followFilter(box, competency, name) {
    var feed = box.querySelector("[data-gh-feed]");
    if (!feed) return;
    var label = feed.querySelector(".gh-feed__name");
    var rss = feed.querySelector(".gh-feed__rss");
    if (!box.dataset.allPath) {
      box.dataset.allPath = feed.querySelector(".gh-feed__download").getAttribute("href");
      box.dataset.allName = label.textContent;
    }
    pointFeed(feed, competency ? box.dataset.feedBase + encodeURIComponent(competency) + ".ics"
      : box.dataset.allPath);
    label.textContent = competency ? box.dataset.feedName.replace("{name}", name)
      : box.dataset.allName;
    if (rss) rss.hidden = Boolean(competency); // RSS is of everything, not of one competency
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
      var feedBox = document.querySelector("[data-gh-calendar-feed]");
      var select = form.elements.competency;
      if (feedBox) followFilter(feedBox, competency, select.options[select.selectedIndex].text);
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
