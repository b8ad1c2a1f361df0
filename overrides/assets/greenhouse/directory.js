/* Directory pages: the career step picker and the mentor filter.
   Both only narrow what the page already lists, so everything works without JavaScript.
   Content is never written as HTML: only textContent and the hidden attribute change. */
(function () {
  "use strict";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function setParam(name, value) {
    var url = new URL(window.location.href);
    if (value === "") url.searchParams.delete(name); else url.searchParams.set(name, value);
    window.history.replaceState(null, "", url);
  }

  /* Career track: "I am at step N" shows the step after N, with its gaps and learning. */
  function stepPicker(form) {
    var select = form.querySelector("select");
    var status = document.getElementById("gh-step-status");
    var steps = Array.prototype.slice.call(document.querySelectorAll(".gh-step[data-from]"));
    var last = form.getAttribute("data-last");

    function apply(value, announce) {
      var shown = null;
      steps.forEach(function (step) {
        var match = value === "" || step.getAttribute("data-from") === value;
        step.hidden = !match;
        if (match && value !== "") shown = step;
      });
      // At the top step the status line itself says so, in the top step's box style: the
      // sentence shows once and is announced.
      status.classList.toggle("gh-top-step", value !== "" && value === last);
      if (!announce) return;
      if (value === "") status.textContent = form.getAttribute("data-status-all");
      else if (shown) status.textContent = shown.getAttribute("data-status");
      else status.textContent = form.getAttribute("data-status-top");
    }

    var initial = new URLSearchParams(window.location.search).get("from") || "";
    if (Array.prototype.some.call(select.options, function (o) { return o.value === initial; })) {
      select.value = initial;
    }
    form.hidden = false;
    apply(select.value, select.value !== "");
    select.addEventListener("change", function () {
      setParam("from", select.value);
      apply(select.value, true);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  /* People: show only the mentors who offer the chosen competency. */
  function mentorFilter(form) {
    var section = form.closest("[data-gh-mentors]");
    var select = form.querySelector("select");
    var status = section.querySelector("#gh-mentor-status");
    var none = section.querySelector("[data-gh-mentor-none]");
    var mentors = Array.prototype.slice.call(section.querySelectorAll(".gh-mentor"));

    function apply(value) {
      var count = 0;
      mentors.forEach(function (mentor) {
        var offers = (mentor.getAttribute("data-competencies") || "").split(" ");
        var match = value === "" || offers.indexOf(value) !== -1;
        mentor.hidden = !match;
        if (match) count += 1;
      });
      none.hidden = count !== 0;
      status.textContent = format(form.getAttribute("data-status"), { n: count, total: mentors.length });
    }

    var initial = new URLSearchParams(window.location.search).get("mentors") || "";
    if (Array.prototype.some.call(select.options, function (o) { return o.value === initial; })) {
      select.value = initial;
    }
    form.hidden = false;
    apply(select.value);
    select.addEventListener("change", function () {
      setParam("mentors", select.value);
      apply(select.value);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function start() {
    var picker = document.querySelector("[data-gh-step-picker]");
    if (picker) stepPicker(picker);
    var filter = document.querySelector("[data-gh-mentor-filter]");
    if (filter) mentorFilter(filter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
