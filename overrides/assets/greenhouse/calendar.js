// Greenhouse calendar: subscribe links that follow the host the page is served from,
// "copy link" buttons, and the /calendar/ filters (kept in the URL so a view can be shared).

function setUpFeed(feed) {
  const download = feed.querySelector(".gh-feed__download");
  if (!download) return;
  pointFeed(feed, download.getAttribute("href"));
  const copy = feed.querySelector(".gh-feed__copy");
  const status = feed.querySelector(".gh-feed__status");
  if (!copy || !navigator.clipboard) return;
  copy.hidden = false;
  copy.addEventListener("click", async () => {
    await navigator.clipboard.writeText(download.href);
    if (status) status.textContent = copy.dataset.ghCopied;
  });
}

/* Point a feed's links at `path` (relative to this page, so right on any host). */
function pointFeed(feed, path) {
  const download = feed.querySelector(".gh-feed__download");
  download.setAttribute("href", path);
  const subscribe = feed.querySelector(".gh-feed__subscribe");
  if (subscribe) subscribe.href = download.href.replace(/^https?:/, "webcal:");
  const status = feed.querySelector(".gh-feed__status");
  if (status) status.textContent = "";
}

/* On /calendar/: the chosen competency's feed, or the whole calendar's. */
function followFilter(box, competency, name) {
  const feed = box.querySelector("[data-gh-feed]");
  if (!feed) return;
  const label = feed.querySelector(".gh-feed__name");
  const rss = feed.querySelector(".gh-feed__rss");
  if (!box.dataset.allPath) {
    box.dataset.allPath = feed.querySelector(".gh-feed__download").getAttribute("href");
    box.dataset.allName = label.textContent;
  }
  pointFeed(feed, competency ? `${box.dataset.feedBase}${encodeURIComponent(competency)}.ics`
    : box.dataset.allPath);
  label.textContent = competency ? box.dataset.feedName.replace("{name}", name)
    : box.dataset.allName;
  if (rss) rss.hidden = Boolean(competency); // RSS is of everything, not of one competency
}

function setUpFilters(form) {
  const items = [...document.querySelectorAll(".gh-occurrence")];
  const months = document.querySelectorAll("[data-gh-month]");
  const none = document.querySelector("[data-gh-none]");
  const count = form.querySelector("[data-gh-count]");
  const params = new URLSearchParams(location.search);
  for (const name of ["competency", "format"]) {
    const wanted = params.get(name);
    if (wanted && form.elements[name].querySelector(`option[value="${CSS.escape(wanted)}"]`)) {
      form.elements[name].value = wanted;
    }
  }

  function apply() {
    const competency = form.elements.competency.value;
    const format = form.elements.format.value;
    let shown = 0;
    for (const li of items) {
      const ok = (!competency || li.dataset.competencies.split(" ").includes(competency))
        && (!format || li.dataset.format === format);
      li.hidden = !ok;
      if (ok) shown += 1;
    }
    for (const month of months) month.hidden = !month.querySelector(".gh-occurrence:not([hidden])");
    if (none) none.hidden = shown > 0;
    if (count) {
      count.textContent = count.dataset.template.replace("{n}", shown).replace("{total}", items.length);
    }
    const query = new URLSearchParams();
    if (competency) query.set("competency", competency);
    if (format) query.set("format", format);
    const search = query.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
    const feedBox = document.querySelector("[data-gh-calendar-feed]");
    const select = form.elements.competency;
    if (feedBox) followFilter(feedBox, competency, select.options[select.selectedIndex].text);
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
}

// A module runs once the page is parsed.
document.querySelectorAll("[data-gh-feed]").forEach(setUpFeed);
const filters = document.querySelector("[data-gh-calendar-filters]");
if (filters) setUpFilters(filters);
