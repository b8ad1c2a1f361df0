/* What the portal's scripts share (an ES module): the card the browser draws from the
 * one card template, filter state in the URL, facet filters, the header search's
 * settings and the Algolia client. Everything from content is set as text, never as HTML. */

// --- Cards ---------------------------------------------------------------------------------

/** A new card: a clone of the empty card in `template` (greenhouse/card.html, emitted once
 * in a <template>), filled with `card` (see fillCard). */
export function drawCard(template, card) {
  const article = template.content.querySelector("article").cloneNode(true);
  fillCard(article, card);
  return article;
}

const slot = (article, name) => article.querySelector(`[data-slot="${name}"]`);

/** Writes into a card what `card` has, as the server writes it; fields left out stay as
 * they are (a card is drawn first and gets its details when they come):
 * {type, id, kicker: [labels], title, href, summary, lang, chips: [names],
 *  when: [ISO time or "", text], cost, request, archived, progress: [path id, [step ids]]} */
export function fillCard(article, card) {
  if (card.type) article.classList.add(`gh-card--${card.type}`);
  if (card.id) article.dataset.id = card.id;
  if (card.kicker) slot(article, "kicker").textContent = card.kicker.join(" · ");
  const link = slot(article, "link");
  if (card.title !== undefined) link.textContent = card.title;
  if (card.href !== undefined) link.setAttribute("href", card.href);
  const summary = slot(article, "summary");
  if (card.summary !== undefined) summary.textContent = card.summary;
  if (card.lang) summary.lang = card.lang;
  if (card.chips) {
    slot(article, "chips").replaceChildren(...card.chips.map((name) => {
      const item = document.createElement("li");
      const chip = document.createElement("span");
      chip.className = "gh-chip";
      chip.textContent = name;
      item.append(chip);
      return item;
    }));
  }
  if (card.when) {
    const [iso, text] = card.when;
    const when = slot(article, "when");
    if (iso) {
      const time = document.createElement("time");
      time.setAttribute("datetime", iso);
      time.textContent = text;
      when.replaceChildren(time);
    } else {
      when.textContent = text;
    }
  }
  if (card.cost !== undefined) {
    slot(article, "cost").hidden = !card.cost;
    slot(article, "cost-text").textContent = card.cost;
  }
  if (card.request !== undefined) {
    const request = slot(article, "request");
    request.hidden = !card.request;
    request.setAttribute("href", card.request);
  }
  if (card.archived !== undefined) slot(article, "archived").hidden = !card.archived;
  if (card.progress) {
    const progress = slot(article, "progress");
    progress.dataset.ghPathCard = card.progress[0];
    progress.dataset.steps = card.progress[1].join(" ");
    showPathProgress(progress);
  }
}

/** A path card's line "2 of 5 steps done", from the ticks this browser keeps for the path
 * (path.js); hidden while nothing is ticked. */
export function showPathProgress(line) {
  const steps = line.dataset.steps.split(" ").filter(Boolean);
  const done = new Set(pathSteps(line.dataset.ghPathCard));
  const count = steps.filter((step) => done.has(step)).length;
  if (!count) return;
  line.textContent = line.dataset.progress.replace("{done}", count).replace("{total}", steps.length);
  line.hidden = false;
}

const pathKey = (id) => `greenhouse:path:${id}`;

/** The steps of path `id` ticked in this browser. */
export function pathSteps(id) {
  try {
    const done = JSON.parse(window.localStorage.getItem(pathKey(id)) || "[]");
    return Array.isArray(done) ? done : [];
  } catch {
    return []; // private mode, or not JSON: nothing ticked
  }
}

export function savePathSteps(id, done) {
  try {
    window.localStorage.setItem(pathKey(id), JSON.stringify(done));
  } catch {
    // private mode: the ticks last as long as the page
  }
}

// --- Filter state in the URL: ?competency=kotlin&competency=testing&level=intro -------------

/** No value chosen in any of `facets`, archived items left out. */
export function emptyState(facets) {
  return { sel: Object.fromEntries(facets.map((facet) => [facet, []])), archived: false };
}

export function hasSelection(state) {
  return state.archived || Object.values(state.sel).some((values) => values.length > 0);
}

/** The state in the page's URL: for each of `facets`, the values `known(facet, value)` accepts. */
export function readUrl(facets, known) {
  const params = new URLSearchParams(window.location.search);
  const state = emptyState(facets);
  for (const facet of facets) state.sel[facet] = params.getAll(facet).filter((v) => known(facet, v));
  state.archived = params.get("archived") === "1";
  return state;
}

/** The page's address with `state` in its query. */
export function urlFor(state) {
  const params = new URLSearchParams();
  for (const [facet, values] of Object.entries(state.sel)) {
    for (const value of values) params.append(facet, value);
  }
  if (state.archived) params.set("archived", "1");
  const query = params.toString();
  return window.location.pathname + (query ? `?${query}` : "");
}

/** Adds `state` to the browser's history, unless the page already shows it. */
export function pushState(state) {
  const url = urlFor(state);
  if (url !== window.location.pathname + window.location.search) history.pushState(null, "", url);
}

// --- Facets --------------------------------------------------------------------------------

/** A facet value's label from the build's labels (`labels[facet][value]`), else the value. */
export function label(labels, facet, value) {
  return (labels[facet] || {})[value] || value;
}

/** Algolia's facetFilters for `choices`, [attribute, [values]] pairs: OR within a group,
 * AND across groups; an attribute with no value chosen adds no group. */
export function facetFilters(choices) {
  return [...choices]
    .filter(([, values]) => values.length)
    .map(([attribute, values]) => values.map((value) => `${attribute}:${value}`));
}

// --- The header search's settings and Algolia ------------------------------------------------

let settings;
/** The settings the build writes into every page for the search (greenhouse/search.html):
 * engine, labels, facets, strings, and with Algolia its application, search-only key,
 * index and hosts. Null on a site without the search. */
export function searchSettings() {
  if (settings === undefined) {
    const node = document.getElementById("gh-search-settings");
    settings = node ? JSON.parse(node.textContent) : null;
  }
  return settings;
}

/** Algolia's search REST API with a search-only key: `search(requests)` (several queries in
 * one request; their answers in order) and `searchIndex(indexName, params)` (one query).
 * A host that cannot be reached or answers 5xx passes the request to the next one; 4xx (a
 * bad key or index) fails at once, as every host would say the same. */
export function algoliaClient({ appId, searchKey, hosts = [] }) {
  const tried = hosts.length ? hosts : [
    `https://${appId}-dsn.algolia.net`,
    `https://${appId}-1.algolianet.com`,
    `https://${appId}-2.algolianet.com`,
  ];
  const credentials = new URLSearchParams({
    "x-algolia-application-id": appId,
    "x-algolia-api-key": searchKey,
  });

  async function post(path, body) {
    let failure = null;
    for (const host of tried) {
      let response;
      try {
        // A form content type keeps this a simple request: no CORS preflight.
        response = await fetch(`${host.replace(/\/$/, "")}${path}?${credentials}`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: JSON.stringify(body),
        });
      } catch (error) {
        failure = error; // unreachable host: try the next one
        continue;
      }
      if (response.ok) return response.json();
      failure = new Error(`Algolia answered ${response.status}`);
      if (response.status < 500) break;
    }
    throw failure;
  }

  return {
    search: async (requests) => (await post("/1/indexes/*/queries", { requests })).results,
    searchIndex: (indexName, params) => post(`/1/indexes/${encodeURIComponent(indexName)}/query`, params),
  };
}

// --- Pages with a catalogue ------------------------------------------------------------------

let settle;
/** Settles once the catalogue filter on this page has its data (at once on a page without
 * one): the header search loads its own index after that, so the two do not compete. */
export const catalogueReady = new Promise((resolve) => { settle = resolve; });
if (!document.querySelector("[data-gh-catalogue]")) settle();

/** Called by the catalogue filter when it is ready; `data-ready` says so to tests too. */
export function markCatalogueReady(root) {
  root.dataset.ready = "true";
  settle();
}
