/* Directory pages: the career step picker and the mentor filter.
   Both only narrow what the page already lists, so everything works without JavaScript.
   Content is never written as HTML: only textContent and the hidden attribute change. */

const format = (template, values) => template
  .replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));

function setParam(name, value) {
  const url = new URL(window.location.href);
  if (value === "") url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  window.history.replaceState(null, "", url);
}

/** The select's value from the URL's `name`, when it is one of its options. */
function fromUrl(select, name) {
  const initial = new URLSearchParams(window.location.search).get(name) || "";
  if ([...select.options].some((option) => option.value === initial)) select.value = initial;
}

/* Career track: "I am at step N" shows the step after N, with its gaps and learning. */
function stepPicker(form) {
  const select = form.querySelector("select");
  const status = document.getElementById("gh-step-status");
  const steps = [...document.querySelectorAll(".gh-step[data-from]")];
  const last = form.getAttribute("data-last");

  function apply(value, announce) {
    let shown = null;
    for (const step of steps) {
      const match = value === "" || step.getAttribute("data-from") === value;
      step.hidden = !match;
      if (match && value !== "") shown = step;
    }
    // At the top step the status line itself says so, in the top step's box style: the
    // sentence shows once and is announced.
    status.classList.toggle("gh-top-step", value !== "" && value === last);
    if (!announce) return;
    if (value === "") status.textContent = form.getAttribute("data-status-all");
    else if (shown) status.textContent = shown.getAttribute("data-status");
    else status.textContent = form.getAttribute("data-status-top");
  }

  fromUrl(select, "from");
  form.hidden = false;
  apply(select.value, select.value !== "");
  select.addEventListener("change", () => {
    setParam("from", select.value);
    apply(select.value, true);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

/* People: show only the mentors who offer the chosen competency. */
function mentorFilter(form) {
  const section = form.closest("[data-gh-mentors]");
  const select = form.querySelector("select");
  const status = section.querySelector("#gh-mentor-status");
  const none = section.querySelector("[data-gh-mentor-none]");
  const mentors = [...section.querySelectorAll(".gh-mentor")];

  function apply(value) {
    let count = 0;
    for (const mentor of mentors) {
      const offers = (mentor.getAttribute("data-competencies") || "").split(" ");
      const match = value === "" || offers.includes(value);
      mentor.hidden = !match;
      if (match) count += 1;
    }
    none.hidden = count !== 0;
    status.textContent = format(form.getAttribute("data-status"), { n: count, total: mentors.length });
  }

  fromUrl(select, "mentors");
  form.hidden = false;
  apply(select.value);
  select.addEventListener("change", () => {
    setParam("mentors", select.value);
    apply(select.value);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}

// A module runs once the page is parsed.
const picker = document.querySelector("[data-gh-step-picker]");
if (picker) stepPicker(picker);
const filter = document.querySelector("[data-gh-mentor-filter]");
if (filter) mentorFilter(filter);
