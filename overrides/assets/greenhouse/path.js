/* Learning paths: tick steps off; progress stays in this browser (localStorage). */
(function () {
  "use strict";
  document.querySelectorAll("[data-gh-path]").forEach(function (section) {
    var key = "greenhouse:path:" + section.dataset.ghPath;
    var boxes = Array.prototype.slice.call(section.querySelectorAll("input[data-step]"));
    var progress = section.querySelector("progress");
    var text = section.querySelector("[data-gh-progress-text]");
    var done = load();

    function load() {
      try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
    }
    function save() {
      try { window.localStorage.setItem(key, JSON.stringify(done)); } catch (e) { /* private mode */ }
    }
    function update() {
      var count = 0;
      boxes.forEach(function (box) {
        box.checked = done.indexOf(box.dataset.step) >= 0;
        box.closest("li").classList.toggle("gh-path-step--done", box.checked);
        if (box.checked) count++;
      });
      progress.value = count;
      text.textContent = section.dataset.progress.replace("{done}", count).replace("{total}", boxes.length);
    }
    boxes.forEach(function (box) {
      box.closest("[data-gh-tick]").hidden = false;
      box.addEventListener("change", function () {
        done = done.filter(function (id) { return id !== box.dataset.step; });
        if (box.checked) done.push(box.dataset.step);
        save();
        update();
      });
    });
    section.querySelector("[data-gh-reset]").addEventListener("click", function () {
      done = [];
      save();
      update();
    });
    section.querySelector("[data-gh-progress]").hidden = false;
    section.querySelector("[data-gh-progress-note]").hidden = false;
    update();
  });

  // A path's card elsewhere (the paths catalogue, the home page): how far this browser got.
  // The catalogue's filter calls it for the cards it draws.
  function showProgress(line) {
    var steps = line.dataset.steps.split(" ").filter(Boolean);
    var done = [];
    try {
      done = JSON.parse(window.localStorage.getItem("greenhouse:path:" + line.dataset.ghPathCard) || "[]");
    } catch (e) { /* private mode, or not JSON: nothing ticked */ }
    var count = steps.filter(function (step) { return done.indexOf(step) >= 0; }).length;
    if (!count) return;
    line.textContent = line.dataset.progress.replace("{done}", count).replace("{total}", steps.length);
    line.hidden = false;
  }
  document.querySelectorAll("[data-gh-path-card]").forEach(showProgress);
  window.greenhousePathProgress = showProgress;
})();
