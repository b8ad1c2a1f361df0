/* Greenhouse catalogue filter: AND across facets, OR within one, counts for the current
 * selection, state in the URL (?competency=kotlin&level=intro) with back/forward.
 * Two engines behind the same form: the site's own catalogue/facets.json (default), or
 * the Algolia index the header search uses, when mkdocs.yml configures it. Cards are
 * clones of the one card template (shared.js); everything from content is set as text. */
import {
  algoliaClient, drawCard, emptyState, facetFilters, fillCard, hasSelection, label, markCatalogueReady,
  pushState, readUrl, searchSettings,
} from "./shared.js";

const root = document.querySelector("[data-gh-catalogue]");
if (root) start(root);

function start(root) {
  const FACETS = JSON.parse(root.dataset.facetNames); // the build's list, in its order
  // Only hack-week projects have these, and only their catalogue offers them; the search
  // records Algolia holds do not carry them.
  const PROJECT_FACETS = JSON.parse(root.dataset.projectFacets);
  const strings = JSON.parse(document.getElementById("gh-catalogue-strings").textContent);
  const form = root.querySelector("[data-gh-filter-form]");
  const filters = root.querySelector("[data-gh-filters]");
  const results = root.querySelector("[data-gh-results]");
  const countEl = root.querySelector("[data-gh-count]");
  const moreButton = root.querySelector("[data-gh-more]");
  const clearButton = root.querySelector("[data-gh-clear]");
  const emptyEl = root.querySelector("[data-gh-empty]");
  const errorEl = root.querySelector("[data-gh-error]");
  const template = document.getElementById("gh-card-template");
  const pageSize = parseInt(root.dataset.pageSize, 10) || 24;
  const base = root.dataset.base.replace(/\/?$/, "/");
  const fixedType = root.dataset.type; // a type's own catalogue: no type facet

  const settings = root.dataset.engine === "algolia" ? searchSettings() : null;
  const engine = settings ? algoliaEngine(settings) : localEngine();
  /** Which values a shared link may choose: those the engine knows (never a type on a
   * type's own catalogue). */
  const known = (facet, value) => !(facet === "type" && fixedType)
    && !(PROJECT_FACETS.includes(facet) && fixedType !== "project") && engine.knows(facet, value);

  const showError = () => { errorEl.hidden = false; };
  const listItem = (article) => {
    const li = document.createElement("li");
    li.append(article);
    return li;
  };

  engine.load().then(() => {
    wire();
    const state = readUrl(FACETS, known);
    const early = readForm(); // the filters show before the data comes: boxes ticked meanwhile
    if (!hasSelection(state) && hasSelection(early)) return engine.apply(early, { push: true });
    // The server already rendered the default view: only re-render for a shared filter.
    return engine.apply(state, { sync: true, keepCards: !hasSelection(state) });
  }).then(() => markCatalogueReady(root), () => {
    filters.hidden = true; // they would not work: the plain lists below still do
    showError();
  });

  function wire() {
    form.addEventListener("change", () => engine.apply(readForm(), { push: true }));
    form.addEventListener("submit", (event) => event.preventDefault());
    clearButton.addEventListener("click", () => {
      engine.apply(emptyState(FACETS), { push: true, sync: true });
      form.querySelector("input")?.focus();
    });
    moreButton.addEventListener("click", () => engine.more());
    window.addEventListener("popstate", () => engine.apply(readUrl(FACETS, known), { sync: true }));
  }

  function readForm() {
    const state = emptyState(FACETS);
    for (const input of form.querySelectorAll("input:checked")) {
      if (input.name === "archived") state.archived = true;
      else state.sel[input.name].push(input.value);
    }
    return state;
  }

  /** The form, the result count and the URL for `state`; `countOf(facet, value)`. */
  function showState(state, options, total, countOf) {
    for (const input of form.querySelectorAll("input")) {
      if (options.sync) {
        input.checked = input.name === "archived" ? state.archived
          : state.sel[input.name].includes(input.value);
      }
      if (!FACETS.includes(input.name)) continue;
      const n = countOf(input.name, input.value);
      input.parentNode.querySelector("[data-count]").textContent = n;
      input.parentNode.classList.toggle("gh-facet__value--none", n === 0 && !input.checked);
    }
    countEl.textContent = total === 1 ? strings.result_one : strings.results.replace("{n}", total);
    clearButton.hidden = !hasSelection(state);
    emptyEl.hidden = total > 0;
    if (options.push) pushState(state);
  }

  /** After "show more": the first new card's link takes the focus. */
  function focusFrom(first) {
    results.children[first]?.querySelector("a").focus();
  }

  /* --- The site's own index: catalogue/facets.json, titles and card details later -------- */

  function localEngine() {
    let data, items;
    const codes = {};
    let current = [];
    let shown = 0;
    const chunks = new Map(); // card details by chunk number: rows, or a promise of them
    // Slug and title per row come in a file of their own, loaded when cards are first drawn
    // or the filter is about to be used: the page itself shows the default view's cards.
    let names = null;
    let naming = null;
    let waiting = 0;

    /* A facet's values as [id, label] rows: a project's "looking for" are competencies. */
    const valuesOf = (f) => data.facets[f === "looking_for" ? "competency" : f];

    async function load() {
      const response = await fetch(root.dataset.facets);
      if (!response.ok) throw new Error(`${root.dataset.facets} answered ${response.status}`);
      data = await response.json();
      for (const facet of FACETS) codes[facet] = new Map(valuesOf(facet).map((v, n) => [v[0], n]));
      const areaOf = data.facets.competency.map((c) => c[2]);
      const fixed = fixedType ? codes.type.get(fixedType) : -1;
      items = [];
      data.items.forEach((row, i) => {
        if (fixed >= 0 && row[0] !== fixed) return;
        const byFacet = {
          type: [row[0]], competency: row[1], area: [...new Set(row[1].map((c) => areaOf[c]))],
          level: row[2] >= 0 ? [row[2]] : [], format: row[3] >= 0 ? [row[3]] : [],
          language: row[4] >= 0 ? [row[4]] : [], upcoming: row[5] & 1 ? [0] : [],
          stage: row[6] >= 0 ? [row[6]] : [], looking_for: row[7],
        };
        items.push({ i, values: FACETS.map((f) => byFacet[f]), archived: (row[5] & 2) !== 0 });
      });
      for (const type of ["focusin", "pointerenter", "touchstart"]) {
        form.addEventListener(type, loadTitles, { passive: true });
        moreButton.addEventListener(type, loadTitles, { passive: true });
      }
      if (window.requestIdleCallback) requestIdleCallback(loadTitles, { timeout: 3000 });
      else setTimeout(loadTitles, 500);
    }

    function loadTitles() {
      naming ||= fetch(new URL(data.titles, new URL(root.dataset.facets, location.href)))
        .then((response) => {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then((rows) => {
          if (rows.length !== data.items.length) throw new Error("titles of another build");
          names = rows;
          errorEl.hidden = true; // an earlier try's message
          return true;
        }, () => {
          naming = null; // the next use asks again
          showError();
          return false;
        });
      return naming;
    }

    /* Run `draw` once titles are in: at once if they are, else when they come, unless a
     * newer call came meanwhile (a newer filter, or a click on "more"). */
    function named(draw) {
      const mine = ++waiting;
      if (names) {
        results.removeAttribute("aria-busy");
        draw();
        return;
      }
      results.setAttribute("aria-busy", "true");
      loadTitles().then((loaded) => {
        if (mine !== waiting) return;
        results.removeAttribute("aria-busy");
        if (loaded) draw();
      });
    }

    /* Filter, count and show. Counts for a facet ignore that facet's own selection, so
     * they say how many results ticking one more value (OR) would give. */
    function apply(state, options) {
      const started = performance.now();
      const selected = FACETS.map((f) => (state.sel[f].length
        ? new Set(state.sel[f].map((v) => codes[f].get(v))) : null));
      const counts = FACETS.map((f) => new Int32Array(valuesOf(f).length));
      const add = (counter, values) => { for (const v of values) counter[v]++; };
      current = [];
      for (const item of items) {
        if (item.archived && !state.archived) continue;
        let failed = -1;
        let fails = 0;
        for (let f = 0; f < FACETS.length && fails < 2; f++) {
          if (selected[f] && !item.values[f].some((v) => selected[f].has(v))) {
            fails++;
            failed = f;
          }
        }
        if (fails === 0) {
          current.push(item);
          FACETS.forEach((f, n) => add(counts[n], item.values[n]));
        } else if (fails === 1) {
          add(counts[failed], item.values[failed]);
        }
      }
      showState(state, options, current.length,
        (facet, value) => counts[FACETS.indexOf(facet)][codes[facet].get(value)]);
      if (!options.keepCards) {
        results.replaceChildren();
        shown = 0;
        moreButton.hidden = true;
        named(() => render(pageSize));
      } else {
        shown = Math.min(pageSize, current.length);
        moreButton.hidden = current.length <= shown;
      }
      root.dataset.applyMs = (performance.now() - started).toFixed(2);
      return Promise.resolve();
    }

    function more() {
      named(() => {
        const first = shown;
        render(pageSize);
        focusFrom(first);
      });
    }

    function render(count) {
      const upto = Math.min(current.length, shown + count);
      const wanted = new Set();
      results.append(...current.slice(shown, upto).map((item) => {
        wanted.add(Math.floor(item.i / data.chunk));
        return listItem(card(item));
      }));
      shown = upto;
      moreButton.hidden = current.length <= shown;
      for (const n of wanted) loadChunk(n);
    }

    function card(item) {
      const value = (facet) => item.values[FACETS.indexOf(facet)];
      const labelOf = (facet) => value(facet).map((v) => data.facets[facet][v][1]);
      const type = value("type")[0];
      const folder = data.folders[type];
      const [slug, title] = names[item.i];
      const article = drawCard(template, {
        type: data.facets.type[type][0],
        id: `${folder}/${slug}`,
        kicker: ["type", "level", "format", "language"].flatMap(labelOf),
        title,
        href: `${base}${folder}/${slug}/`,
        chips: labelOf("competency"),
        archived: item.archived,
      });
      article.dataset.index = item.i;
      const rows = chunks.get(Math.floor(item.i / data.chunk));
      if (Array.isArray(rows)) fill(article, rows[item.i % data.chunk]);
      return article;
    }

    /** A chunk's row: [summary, language, when ISO, when text, cost, request, [path id, steps]?] */
    function fill(article, row) {
      const [summary, lang, iso, text, cost, request, progress] = row;
      fillCard(article, { summary, lang, when: [iso, text], cost, request, progress });
      article.dataset.filled = "true";
    }

    function loadChunk(n) {
      if (chunks.has(n)) return;
      chunks.set(n, fetch(`${root.dataset.cards}${n}.json`)
        .then((response) => response.json())
        .then((rows) => {
          chunks.set(n, rows);
          for (const article of results.querySelectorAll("article[data-index]")) {
            const i = parseInt(article.dataset.index, 10);
            if (Math.floor(i / data.chunk) === n && !article.dataset.filled) fill(article, rows[i % data.chunk]);
          }
        })
        .catch(() => chunks.delete(n)));
    }

    return { load, apply, more, knows: (facet, value) => codes[facet].has(value) };
  }

  /* --- Algolia: the index the header search uses, with its search-only key -------------
   * One hit per item (`distinct` on page_id) and counts after that de-duplication. As
   * above, a facet's counts ignore its own selection: one more query per facet in use,
   * all in one multi-query request. */

  function algoliaEngine(search) {
    const client = algoliaClient(search.algolia);
    const ATTRIBUTES = JSON.parse(root.dataset.facetAttributes); // facet -> record attribute
    const RETRIEVE = ["page_id", "url", "lvl1", "summary", "type", "competencies", "level",
      "format", "language", "upcoming", "archived", "sort_key", "when", "cost"];
    let asked = 0;
    let page = 0;
    let pages = 0;
    let lastState = null;

    const attribute = (f) => ATTRIBUTES[f] || f;
    // The "has upcoming sessions" box is value 1 in the URL and `upcoming: true` in records.
    const toIndex = (f, v) => (f === "upcoming" ? "true" : v);
    const fromIndex = (f, v) => (f === "upcoming" ? (v === "true" ? "1" : "") : v);

    function filtersFor(state, without) {
      const types = fixedType ? [fixedType]
        : state.sel.type.length && without !== "type" ? state.sel.type
          : root.dataset.types.split(" "); // never people, who are records too
      const groups = facetFilters([
        ["type", types],
        ...FACETS.filter((f) => f !== "type" && f !== without)
          .map((f) => [attribute(f), state.sel[f].map((v) => toIndex(f, v))]),
      ]);
      if (!state.archived) groups.push("archived:false");
      return groups;
    }

    function request(state, without, pageNumber = 0) {
      return {
        indexName: search.algolia.indexName,
        query: "",
        facetFilters: filtersFor(state, without),
        facets: without ? [attribute(without)] : FACETS
          .filter((f) => !(f === "type" && fixedType) && !PROJECT_FACETS.includes(f)).map(attribute),
        distinct: true,
        facetingAfterDistinct: true,
        hitsPerPage: without ? 0 : pageSize,
        page: pageNumber,
        attributesToRetrieve: RETRIEVE,
        attributesToHighlight: [],
        attributesToSnippet: [],
      };
    }

    async function apply(state, options) {
      const mine = ++asked;
      const selected = FACETS.filter((f) => state.sel[f].length > 0);
      let answers;
      try {
        answers = await client.search([request(state, null), ...selected.map((f) => request(state, f))]);
      } catch (error) {
        if (mine !== asked) return;
        showError();
        console.error("greenhouse catalogue:", error);
        return;
      }
      if (mine !== asked) return; // a newer choice is on its way
      const counts = {};
      for (const f of FACETS) {
        const at = selected.indexOf(f);
        const raw = (answers[at < 0 ? 0 : at + 1].facets || {})[attribute(f)] || {};
        counts[f] = Object.fromEntries(Object.entries(raw).map(([v, n]) => [fromIndex(f, v), n]));
      }
      const [main] = answers;
      lastState = state;
      page = 0;
      pages = main.nbPages;
      showState(state, options, main.nbHits, (f, v) => counts[f][v] || 0);
      results.replaceChildren();
      drawHits(main.hits);
    }

    async function more() {
      const first = results.children.length;
      try {
        const [answer] = await client.search([request(lastState, null, page + 1)]);
        page += 1;
        drawHits(answer.hits);
        focusFrom(first);
      } catch {
        showError();
      }
    }

    function drawHits(hits) {
      results.append(...hits.map((hit) => listItem(hitCard(hit))));
      moreButton.hidden = page + 1 >= pages;
    }

    const labelOf = (facet, value) => label(search.labels, facet, value);

    /* "Thu 4 Mar 2027, 09:00 CET" in the portal's time zone, as the server writes it. */
    function sessionText(moment) {
      const parts = Object.fromEntries(new Intl.DateTimeFormat(
        strings.language === "en" ? "en-GB" : strings.language, {
          weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit",
          minute: "2-digit", hourCycle: "h23", timeZone: strings.timezone, timeZoneName: "short",
        },
      ).formatToParts(moment).map((part) => [part.type, part.value]));
      return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, `
        + `${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
    }

    /* The course-request form's link, as the server writes it (catalog.listing.request_url). */
    function requestUrl(template, title, url) {
      const encode = (text) => encodeURIComponent(text)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      return template.split("{title}").join(encode(title)).split("{url}").join(encode(url));
    }

    function when(hit) {
      if (hit.upcoming && hit.sort_key) {
        const moment = new Date(hit.sort_key * 1000);
        return [moment.toISOString(), sessionText(moment)];
      }
      // "On demand", "Autumn 2026", "Recorded Thu 14 Jan 2027"…
      if (typeof hit.when === "string") return ["", hit.when];
      // A record from before `when` existed.
      const onDemand = hit.type === "course" || hit.type === "path" || hit.format === "self-paced";
      return ["", onDemand ? strings.on_demand : ""];
    }

    function hitCard(hit) {
      const path = String(hit.url).split("#")[0];
      const form = root.dataset.requestForm;
      const article = drawCard(template, {
        type: hit.type,
        id: hit.page_id,
        kicker: ["type", "level", "format", "language"].filter((f) => hit[f]).map((f) => labelOf(f, hit[f])),
        title: hit.lvl1,
        href: base + path,
        summary: hit.summary || "",
        lang: hit.language,
        chips: (hit.competencies || []).map((c) => labelOf("competencies", c)),
        when: when(hit),
        cost: hit.cost || "",
        request: hit.cost && form && hit.type === "course"
          ? requestUrl(form, hit.lvl1, root.dataset.siteUrl + path) : "",
        archived: Boolean(hit.archived),
      });
      article.dataset.filled = "true";
      return article;
    }

    for (const facet of PROJECT_FACETS) form.querySelector(`.gh-facet--${facet}`)?.remove();
    // Values the form offers: the build counted them from the same records.
    const offered = new Map(FACETS.map((facet) => [facet, new Set()]));
    for (const input of form.querySelectorAll("input")) offered.get(input.name)?.add(input.value);

    return {
      load: () => Promise.resolve(), apply, more, knows: (facet, value) => offered.get(facet).has(value),
    };
  }
}
