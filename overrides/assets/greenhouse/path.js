/* Learning paths: tick steps off; progress stays in this browser (localStorage). */
import { pathSteps, savePathSteps, showPathProgress } from "./shared.js";

for (const section of document.querySelectorAll("[data-gh-path]")) {
  const id = section.dataset.ghPath;
  const boxes = [...section.querySelectorAll("input[data-step]")];
  const progress = section.querySelector("progress");
  const text = section.querySelector("[data-gh-progress-text]");
  let done = pathSteps(id);

  const update = () => {
    let count = 0;
    for (const box of boxes) {
      box.checked = done.includes(box.dataset.step);
      box.closest("li").classList.toggle("gh-path-step--done", box.checked);
      if (box.checked) count++;
    }
    progress.value = count;
    text.textContent = section.dataset.progress.replace("{done}", count).replace("{total}", boxes.length);
  };
  for (const box of boxes) {
    box.closest("[data-gh-tick]").hidden = false;
    box.addEventListener("change", () => {
      done = done.filter((step) => step !== box.dataset.step);
      if (box.checked) done.push(box.dataset.step);
      savePathSteps(id, done);
      update();
    });
  }
  section.querySelector("[data-gh-reset]").addEventListener("click", () => {
    done = [];
    savePathSteps(id, done);
    update();
  });
  section.querySelector("[data-gh-progress]").hidden = false;
  section.querySelector("[data-gh-progress-note]").hidden = false;
  update();
}

// A path's card elsewhere (the paths catalogue, the home page): how far this browser got.
// The cards the catalogue filter draws say it too (shared.js, fillCard).
document.querySelectorAll("[data-gh-path-card]").forEach(showPathProgress);
