/* Greenhouse header search: instant results with facets.
 *
 * Two engines behind one interface: the index built with the site (default; no
 * account, no network beyond the site itself) or Algolia's REST search API with a
 * search-only key, when mkdocs.yml configures it. Every string from content or from an
 * engine reaches the page as text: only <mark> from highlights is kept, rebuilt here.
 * The Algolia client, facet filters and labels are shared with the catalogue (shared.js).
 */
import {
  algoliaClient, catalogueReady, facetFilters, label as labelIn, searchSettings,
} from "./shared.js";

start();

function start() {
  const root = document.getElementById("gh-search");
  const settings = searchSettings();
  if (!root || !settings) return;

  const strings = settings.strings;
  const PAGE_SIZE = 10;
  // Roughly one result's height: the first screen's fragments are fetched before the rest.
  const HIT_PX = 64;
  const SINGLE_LETTER_PAUSE_MS = 300;
  // How often the index's files may be asked for again after a failure, per page (see reset).
  const MAX_RESTARTS = 3;
  // A word matched through its stem ("courses" for "course") counts less than any exact or
  // prefix match of the same weight (those count 0.5 to 1).
  const STEM_CLOSENESS = 0.4;

  const base = root.dataset.root || ".";
  const siteRoot = new URL(base.endsWith("/") ? base : base + "/", document.baseURI);

  const input = root.querySelector(".gh-search__input");
  const panel = root.querySelector(".gh-search__panel");
  const status = root.querySelector(".gh-search__status");
  const facetsBox = root.querySelector(".gh-search__facets");
  const list = root.querySelector(".gh-search__results");
  const more = root.querySelector(".gh-search__more");
  const clear = root.querySelector(".gh-search__clear");
  const close = root.querySelector(".gh-search__close");
  const filtersBox = root.querySelector(".gh-search__filters");
  const correction = root.querySelector(".gh-search__correction");

  /** facet name -> Set of chosen values; OR within a facet, AND across facets. */
  const chosen = new Map(settings.facets.map((facet) => [facet, new Set()]));
  let current = null; // the answer on screen: {total, counts, next(count, onHit)}
  let sequence = 0; // answers to older queries are dropped
  let exactly = null; // a query to search as typed, without correcting its words
  let openFirst = null; // a query whose first result Enter asked to open once it is drawn

  // --- Engines: search(query, chosen, exact) -> {total, counts, next(count, onHit), corrected} -
  // `counts` is a promise of the facet counts, so results can be drawn before them; `next`
  // fetches up to `count` more results and hands each to `onHit` in rank order as it arrives;
  // `corrected` is the query searched instead of the one typed (a word with no match
  // replaced by the nearest word of the index), or null. `exact` searches as typed.

  /** Facet counts as the catalogue gives them: a facet with a choice is counted without its
   * own choice, so its other values stay and say what ticking them would add (OR within a
   * facet, AND across). `countWith(picked)` counts every facet for one selection. */
  async function disjunctive(picked, countWith) {
    const own = [...picked].filter(([, values]) => values.size).map(([facet]) => {
      const others = new Map([...picked]
        .map(([name, values]) => [name, name === facet ? new Set() : values]));
      return countWith(others).then((counts) => [facet, counts[facet] || {}]);
    });
    const counts = { ...(await countWith(picked)) };
    for (const [facet, values] of await Promise.all(own)) counts[facet] = values;
    return counts;
  }

  /** The index built with the site (greenhouse/search/index.py): which pages have which
   * words is fetched a shard at a time, by the first two letters of the words typed, and
   * the text of a result only when it is drawn. Matching and ranking happen here. */
  function indexEngine(address) {
    const EXCERPT_WORDS = 24;
    // Above any score a page's words give: a page named by the query comes first.
    const TITLE_BONUS = 1e6;
    let attempt = 0; // how many times the index was asked for again after a failure
    let loading = null; // pages.json, prepared
    let files = new Map(); // term shards and text chunks by path, as promises

    async function json(url, options) {
      const response = await fetch(url, options);
      if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
      return response.json();
    }
    function load() {
      if (!loading) {
        const url = new URL(address, siteRoot);
        if (attempt) url.searchParams.set("attempt", attempt); // past a cached failure
        // Checked with the server each time: after a deploy, the new list of pages.
        loading = Promise.all([json(url, { cache: "no-cache" }), stemmers()]).then(([data, stem]) => ({
          ...data,
          // Remembered: excerpts stem every word of the sections drawn, and words repeat.
          stem: Object.fromEntries(Object.entries(stem).map(([language, stemOf]) => {
            const known = new Map();
            return [language, (word) => {
              if (!known.has(word)) known.set(word, stemOf(word));
              return known.get(word);
            }];
          })),
          facetNames: Object.keys(data.facets),
          codes: Object.fromEntries(Object.entries(data.facets)
            .map(([facet, values]) => [facet, new Map(values.map((v, n) => [String(v), n]))])),
          known: new Set(data.shards),
        }));
      }
      return loading;
    }
    /** The query's stemmers, language -> function (settings.stemmers, the same Snowball
     * algorithms the index was built with: an ES module), loaded beside the index; none
     * without it. A failed load is asked for again by the next try, past the browser's
     * memory of the failure (`attempt`). */
    let stemming = null;
    function stemmers() {
      if (!settings.stemmers) return Promise.resolve({});
      if (!stemming) {
        const url = new URL(settings.stemmers, siteRoot);
        if (attempt) url.searchParams.set("attempt", attempt);
        stemming = import(url.href).then(({ en, sv }) => {
          if (typeof en !== "function" || typeof sv !== "function") {
            throw new Error(`${settings.stemmers} has no stemmers: run scripts/setup again`);
          }
          return { en, sv };
        }).catch((error) => {
          stemming = null;
          throw new Error(`${settings.stemmers} did not load`, { cause: error });
        });
      }
      return stemming;
    }
    /** A file of the build `index` comes from. Its version in the address keeps a cached
     * file of another build out; its version inside says when the site has been deployed
     * again since `pages.json` came (the search fails, and reset asks for it again). */
    function file(index, path) {
      if (!files.has(path)) {
        const url = new URL(path, new URL(address, siteRoot));
        url.searchParams.set("v", index.version);
        if (attempt) url.searchParams.set("attempt", attempt);
        const data = json(url).then((found) => {
          if (found.version !== index.version) throw new Error(`${path}: another build`);
          return found;
        });
        const kept = files;
        // Asked for again by the next search (unless reset has started over meanwhile).
        data.catch(() => { if (kept.get(path) === data) kept.delete(path); });
        files.set(path, data);
      }
      return files.get(path);
    }
    /** The shard that holds words starting with `word` (see shard_name in index.py); a
     * single letter is in every shard whose name starts with it. */
    function shardsFor(index, word) {
      const name = shardName(word);
      const names = [...word].length > 1 ? [name] : index.shards.filter((s) => s.startsWith(name));
      return names.filter((s) => index.known.has(s)).map((s) => file(index, `terms/${s}.json`));
    }
    /** The one shard that holds `word` (two letters or more), or null when there is none. */
    function shardOf(index, word) {
      const name = shardName(word);
      return index.known.has(name) ? file(index, `terms/${name}.json`) : Promise.resolve(null);
    }
    /** The words of a page's title, folded once per page. */
    function titleWords(index, page) {
      index.titles ??= [];
      return (index.titles[page] ??= words(index.pages[page][1]));
    }
    /** Calls visit(page, weight) for each page of a term's list (pages as differences). */
    function eachPage(list, visit) {
      let page = 0;
      for (let i = 0; i < list.length; i += 2) {
        page += list[i];
        visit(page, list[i + 1]);
      }
    }
    /** Whether `page` is in `language`: a page without one (a person, a competency, a
     * career track) is in every language, as the index counts its stems. */
    function speaks(index, page, language) {
      index.languageAt ??= index.facetNames.indexOf("language");
      const codes = index.pages[page][2][index.languageAt] || [];
      return !codes.length || codes.some((code) => index.facets.language[code] === language);
    }
    /** page number -> best score of `word` in it: the words it is or starts (an exact word
     * counting most), and, in pages of each language, the words with its stem. */
    async function matches(index, word) {
      const best = new Map();
      const raise = (page, score) => { if (!(best.get(page) >= score)) best.set(page, score); };
      for (const shard of await Promise.all(shardsFor(index, word))) {
        for (const [term, list] of Object.entries(shard.data)) {
          if (!term.startsWith(word)) continue;
          const closeness = term === word ? 1 : 0.5 + (0.5 * word.length) / term.length;
          eachPage(list, (page, weight) => raise(page, weight * closeness));
        }
      }
      if ([...word].length < 2) return best;
      for (const [language, stem] of Object.entries(index.stem)) {
        const root = stem(word);
        const shard = await shardOf(index, root);
        const group = (shard && shard.stems && shard.stems[language] || {})[root] || [];
        // The stem as a word of its own too: Swedish stems "kurser" to "kurs", but "kurs" to "kur".
        for (const term of group.includes(root) || root === word ? group : [...group, root]) {
          const other = term === root ? shard : await shardOf(index, term);
          const list = other && other.data[term];
          if (!list) continue;
          eachPage(list, (page, weight) => {
            if (speaks(index, page, language)) raise(page, weight * STEM_CLOSENESS);
          });
        }
      }
      return best;
    }
    /** The word of the index nearest to `word`, which matched nothing: within one edit
     * (two for words of eight letters or more), among the words starting with its first
     * letter or with its first two swapped; the most widely used of the nearest. */
    async function nearest(index, word) {
      const letters = [...word];
      if (letters.length < 3) return null;
      const most = letters.length >= 8 ? 2 : 1;
      const first = shardName(letters[0]);
      const names = new Set(index.shards.filter((name) => name.startsWith(first)));
      const swapped = shardName(letters[1] + letters[0]);
      if (index.known.has(swapped)) names.add(swapped);
      let found = null;
      for (const shard of await Promise.all([...names].map((n) => file(index, `terms/${n}.json`)))) {
        for (const [term, list] of Object.entries(shard.data)) {
          const distance = editDistance(letters, [...term], most);
          if (distance > most) continue;
          const used = list.length / 2;
          if (!found || distance < found.distance || (distance === found.distance && used > found.used)) {
            found = { term, distance, used };
          }
        }
      }
      return found && found.term;
    }
    /** page number -> score, for the pages that have every word of the query (as a word,
     * the start of one or by its stem), and the query searched: each word with no match
     * corrected to its nearest (unless `exact`). A query word's rarity is that of all the
     * pages it matches, so an exact word counts more than a longer word it starts,
     * however rare that is. A page whose title is the query (a competency's name, say)
     * ranks above the rest. */
    async function scores(index, typed, exact) {
      const query = [...typed];
      const perWord = await Promise.all(query.map(async (word, at) => {
        let best = await matches(index, word);
        if (!best.size && !exact) {
          const instead = await nearest(index, word);
          if (instead) {
            query[at] = instead;
            best = await matches(index, instead);
          }
        }
        const n = best.size;
        const idf = Math.log(1 + (index.pages.length - n + 0.5) / (n + 0.5));
        for (const [page, score] of best) best.set(page, score * idf);
        return best;
      }));
      perWord.sort((a, b) => a.size - b.size);
      const [first, ...rest] = perWord;
      const found = new Map();
      for (const [page, score] of first || []) {
        let total = score;
        if (rest.every((best) => best.has(page) && (total += best.get(page)))) found.set(page, total);
      }
      const stems = Object.values(index.stem);
      const rooted = stems.map((stem) => new Set(query.map(stem)));
      const named = (w) => query.includes(w) || stems.some((stem, at) => rooted[at].has(stem(w)));
      // A title made of the query's words, inflected, is at most a few letters a word longer:
      // longer titles are not folded and stemmed at all (most, for a word in every page).
      const longest = query.join(" ").length + 6 * query.length;
      for (const [page, score] of found) {
        if (index.pages[page][1].length > longest) continue;
        const title = titleWords(index, page);
        if (title.length === query.length && title.every(named)) found.set(page, score + TITLE_BONUS);
      }
      return { found, query };
    }
    /** A test of a page's facet codes for a selection: OR within a facet, AND across. */
    function selection(index, picked) {
      const wanted = [];
      for (const [facet, values] of picked) {
        const at = index.facetNames.indexOf(facet);
        if (!values.size || at < 0) continue;
        const codes = new Set([...values].map((v) => index.codes[facet].get(v)));
        wanted.push([at, codes]);
      }
      return (page) => wanted.every(([at, codes]) => index.pages[page][2][at].some((c) => codes.has(c)));
    }
    function countOf(index, pages) {
      return (some) => {
        const keep = selection(index, some);
        const counts = Object.fromEntries(index.facetNames.map((facet) => [facet, {}]));
        for (const page of pages) {
          if (!keep(page)) continue;
          index.facetNames.forEach((facet, at) => {
            for (const code of index.pages[page][2][at]) {
              const value = String(index.facets[facet][code]);
              counts[facet][value] = (counts[facet][value] || 0) + 1;
            }
          });
        }
        return Promise.resolve(counts);
      };
    }
    const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    // A sentence ends with . ! ? : or …, perhaps followed by a closing quote or bracket.
    const ends = /[.!?:…]["'”’»)\]]*$/;
    /** The page's section with the most words of the query, and an excerpt of it: up to
     * EXCERPT_WORDS words around the first match, those words marked, and whether it
     * starts or ends inside a sentence. */
    function hitOf(index, page, sections, query) {
      const [url, title, codes] = index.pages[page];
      const stems = Object.values(index.stem);
      const rooted = stems.map((stem) => new Set(query.map(stem)));
      const matching = (w) => query.some((q) => w.startsWith(q))
        || stems.some((stem, at) => rooted[at].has(stem(w)));
      const hits = (raw) => words(raw).some(matching);
      let best = { matches: -1 };
      for (const [anchor, heading, text] of sections) {
        const raw = text.split(/\s+/).filter(Boolean);
        const marks = raw.map(hits);
        const matches = marks.filter(Boolean).length + (hits(heading) ? 1 : 0);
        if (matches > best.matches) best = { anchor, heading, raw, marks, matches };
      }
      const { anchor = "", heading = "", raw = [], marks = [] } = best;
      const at = Math.max(0, marks.indexOf(true));
      const start = Math.max(0, Math.min(at - 8, raw.length - EXCERPT_WORDS));
      const end = Math.min(raw.length, start + EXCERPT_WORDS);
      return {
        url: new URL(anchor ? `${url}#${anchor}` : url, siteRoot).href,
        title,
        type: String(index.facets.type[codes[index.facetNames.indexOf("type")][0]] ?? ""),
        section: anchor && heading !== title ? heading : "",
        excerpt: raw.slice(start, end)
          .map((w, n) => (marks[start + n] ? `<mark>${escape(w)}</mark>` : escape(w))).join(" "),
        cutBefore: start > 0 && !ends.test(raw[start - 1]),
        cutAfter: end < raw.length && !ends.test(raw[end - 1]),
      };
    }
    return {
      warm: () => load(),
      // After a failure (a file that did not arrive: a network blip, a deploy under way):
      // true when the files are to be asked for again, so that searching again can help.
      reset() {
        if (attempt >= MAX_RESTARTS) return false;
        loading = null;
        files = new Map();
        attempt += 1;
        return true;
      },
      // The shards of the words typed so far, while the person is still typing.
      preload: (text) => load().then((index) => Promise.all(words(text)
        .filter((word) => [...word].length > 1).flatMap((word) => shardsFor(index, word)))),
      async search(text, picked, exact) {
        const index = await load();
        const typed = [...new Set(words(text))];
        const { found, query } = typed.length ? await scores(index, typed, exact)
          : { found: new Map(), query: typed };
        const keep = selection(index, picked);
        const results = [...found.keys()].filter(keep)
          .sort((a, b) => found.get(b) - found.get(a) || a - b);
        let shown = 0;
        async function next(count, onHit) {
          const slice = results.slice(shown, shown + count);
          // Fetched at once, drawn in rank order as soon as every result above is in.
          const pending = slice.map((page) => file(index, `text/${Math.floor(page / index.chunk)}.json`)
            .then((chunk) => hitOf(index, page, chunk.data[page % index.chunk] || [], query)));
          pending.forEach((hit) => hit.catch(() => {})); // the first failure is thrown below
          for (const hit of pending) {
            onHit(await hit);
            shown += 1; // only what was drawn: after a failure, more starts there again
          }
          return { done: shown >= results.length };
        }
        return {
          total: results.length,
          counts: () => disjunctive(picked, countOf(index, [...found.keys()])),
          next,
          corrected: query.some((word, at) => word !== typed[at]) ? query.join(" ") : null,
        };
      },
    };
  }

  function algoliaEngine(options) {
    const client = algoliaClient(options);
    const query = (params) => client.searchIndex(options.indexName, params);
    function hitOf(hit) {
      const snippet = hit._snippetResult && hit._snippetResult.content;
      return {
        url: new URL(hit.url, siteRoot).href,
        title: hit.lvl1 || "",
        type: hit.type || "",
        section: hit.lvl3 || hit.lvl2 || "",
        excerpt: snippet ? snippet.value : "",
      };
    }
    return {
      warm: () => Promise.resolve(),
      reset: () => false, // nothing is kept between requests: asking again changes nothing
      preload: () => Promise.resolve(),
      async search(text, picked) {
        const filters = (some) => facetFilters([...some].map(([facet, values]) => [facet, [...values]]));
        const params = {
          query: text,
          facets: settings.facets,
          facetFilters: filters(picked),
          hitsPerPage: PAGE_SIZE,
          attributesToSnippet: ["content:24"],
          highlightPreTag: "<mark>",
          highlightPostTag: "</mark>",
        };
        const first = await query({ ...params, page: 0 });
        let page = 0;
        let pending = first;
        // One answer carries a page of hits: `count` is the embedded index's concern, not Algolia's.
        async function next(count, onHit) {
          const answer = pending || (await query({ ...params, page }));
          pending = null;
          page += 1;
          answer.hits.map(hitOf).forEach(onHit);
          return { done: page >= answer.nbPages };
        }
        // Counts of a facet with a choice: one more query each, without results.
        const countWith = (some) => (some === picked ? Promise.resolve(first.facets || {})
          : query({ ...params, facetFilters: filters(some), hitsPerPage: 0, page: 0 })
            .then((answer) => answer.facets || {}));
        // Algolia corrects typing mistakes itself, with its own typo tolerance.
        return {
          total: first.nbHits, counts: () => disjunctive(picked, countWith), next, corrected: null,
        };
      },
    };
  }

  const engine = settings.engine === "algolia"
    ? algoliaEngine(settings.algolia) : indexEngine(settings.index);

  // --- Words: folded as greenhouse/search/index.py folds the index's terms ------------------

  /** The term file of a word: its first two letters, ASCII letters and digits as they are,
   * anything else as _ and the code point in hex (shard_name in index.py). */
  function shardName(word) {
    return [...word].slice(0, 2)
      .map((c) => (/^[a-z0-9]$/.test(c) ? c : `_${c.codePointAt(0).toString(16)}`)).join("");
  }

  /** Edits from one list of letters to the other (insert, delete, replace, or swap two
   * neighbours: "kotiln" is one from "kotlin"), or most + 1 when more than `most`. */
  function editDistance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      let least = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], before[j - 2] + 1);
        }
        least = Math.min(least, row[j]);
      }
      if (least > most) return most + 1;
      before = previous;
      previous = row;
    }
    return Math.min(previous[b.length], most + 1);
  }

  /** Lower case without accents, split into words: "Café Kotlin" -> ["cafe", "kotlin"]. */
  function words(text) {
    return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // --- Rendering: text only, plus <mark> -----------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Highlighted text from an engine, as text nodes and <mark>s only (never its HTML). */
  function marked(html) {
    const fragment = document.createDocumentFragment();
    // DOMParser documents are inert: nothing in them runs or loads.
    const parsed = new DOMParser().parseFromString(`<body>${html || ""}</body>`, "text/html");
    (function copy(from) {
      for (const node of from.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) fragment.append(node.textContent);
        else if (node.nodeName === "MARK") fragment.append(element("mark", "", node.textContent));
        else if (node.nodeType === Node.ELEMENT_NODE) copy(node);
      }
    })(parsed.body);
    return fragment;
  }

  function label(facet, value) {
    return labelIn(settings.labels, facet, value);
  }

  function renderHit(hit, className) {
    const item = element("li", className ? `gh-search__hit ${className}` : "gh-search__hit");
    const link = element("a", "gh-search__link");
    link.href = hit.url;
    if (hit.type) link.append(element("span", "gh-search__kicker", label("type", hit.type)));
    link.append(element("span", "gh-search__title", hit.title));
    if (hit.section) link.append(element("span", "gh-search__section", hit.section));
    item.append(link);
    if (hit.excerpt) {
      const excerpt = element("p", "gh-search__excerpt");
      if (hit.cutBefore) excerpt.append("… ");
      excerpt.append(marked(hit.excerpt));
      if (hit.cutAfter) excerpt.append(" …");
      item.append(excerpt);
    }
    list.append(item);
  }

  function renderFacets(counts) {
    const focused = document.activeElement;
    const refocus = focused && focused.dataset && focused.dataset.facet
      ? [focused.dataset.facet, focused.dataset.value] : null;
    facetsBox.replaceChildren();
    for (const facet of settings.facets) {
      const values = { ...(counts[facet] || {}) };
      for (const value of chosen.get(facet)) if (!(value in values)) values[value] = 0;
      const shown = Object.entries(values)
        .filter(([value, n]) => (n > 0 || chosen.get(facet).has(value))
          && (facet !== "upcoming" || value === "true"))
        .sort((a, b) => b[1] - a[1] || label(facet, a[0]).localeCompare(label(facet, b[0])));
      if (!shown.length) continue;
      const group = element("fieldset", `gh-search__facet gh-search__facet--${facet}`);
      group.append(element("legend", "", strings[`facet_${facet}`] || facet));
      for (const [value, n] of shown) {
        const option = element("label", "gh-search__option");
        const box = element("input");
        box.type = "checkbox";
        box.dataset.facet = facet;
        box.dataset.value = value;
        box.checked = chosen.get(facet).has(value);
        option.append(box, " ", element("span", "", label(facet, value)), " ",
          element("span", "gh-search__count", String(n)));
        group.append(option);
        if (refocus && refocus[0] === facet && refocus[1] === value) queueMicrotask(() => box.focus());
      }
      facetsBox.append(group);
    }
    clear.hidden = ![...chosen.values()].some((values) => values.size);
  }

  function say(text) {
    status.textContent = text;
  }

  /** "Showing results for kotlin" when the engine searched `corrected` instead of `typed`,
   * with a button that searches the words as typed. */
  function showCorrection(corrected, typed) {
    correction.replaceChildren();
    correction.hidden = !corrected;
    if (!corrected) return;
    const [before, after] = strings.showing_for.split("{query}");
    correction.append(before, element("strong", "", corrected), after || "", " ");
    const instead = element("button", "gh-search__instead", strings.instead.replace("{query}", typed));
    instead.type = "button";
    instead.addEventListener("click", () => {
      exactly = typed;
      run();
      input.focus();
    });
    correction.append(instead);
  }

  // --- Behaviour -----------------------------------------------------------------------------

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
    root.classList.add("gh-search--open");
  }

  function shut(returnFocus) {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    root.classList.remove("gh-search--open");
    if (returnFocus) input.focus();
  }

  function sayCount(total) {
    // Filters stay chosen between searches: with nothing found, say they are in the way.
    const filtered = [...chosen.values()].some((values) => values.size);
    say(total === 0 ? (filtered ? strings.no_results_filtered : strings.no_results)
      : total === 1 ? strings.result_one : strings.results.replace("{n}", total));
  }

  /** How many results the panel shows without scrolling: their fragments are fetched first. */
  function firstScreen() {
    const room = window.innerHeight - list.getBoundingClientRect().top;
    return Math.max(3, Math.min(PAGE_SIZE, Math.ceil(room / HIT_PX)));
  }

  let searching = null; // the engine's search in flight: one at a time, the newest query next
  /** Searches what is in the box; `again` when this is the retry after a failure. */
  async function run(again = false) {
    const text = input.value.trim();
    const mine = ++sequence;
    if (!text) {
      shut(false);
      return;
    }
    open();
    root.dataset.state = "busy";
    try {
      // Queries typed while a search runs wait for it; only the newest of them runs next.
      while (searching) {
        await searching;
        if (mine !== sequence) return;
      }
      const asked = engine.search(text, chosen, exactly === text);
      searching = asked.then(() => {}, () => {}).then(() => { searching = null; });
      const answer = await asked;
      if (mine !== sequence) return; // a newer query is on its way
      current = answer;
      const hadFocus = list.contains(document.activeElement); // keep keyboard users in the list
      let fresh = true;
      // Each result is drawn as soon as it and those above it are in: the first one does
      // not wait for the rest of the page.
      const draw = (hit) => {
        if (mine !== sequence) return;
        if (fresh) {
          fresh = false;
          list.replaceChildren();
          list.dataset.query = text;
          sayCount(answer.total);
          showCorrection(answer.corrected, text);
        }
        renderHit(hit);
        if (list.children.length === 1) {
          if (openFirst === text) {
            openFirst = null;
            window.location.assign(hit.url);
          } else if (hadFocus) list.querySelector("a").focus();
        }
      };
      if (answer.total === 0) {
        list.replaceChildren();
        list.dataset.query = text;
        sayCount(0);
        showCorrection(null, text);
        if (hadFocus) input.focus();
      }
      const screen = firstScreen();
      let page = await answer.next(screen, draw);
      if (!page.done && screen < PAGE_SIZE && mine === sequence) {
        page = await answer.next(PAGE_SIZE - screen, draw);
      }
      if (mine !== sequence) return;
      more.hidden = page.done;
      const counts = await answer.counts();
      if (mine !== sequence) return;
      renderFacets(counts);
      root.dataset.state = "done";
    } catch (error) {
      if (mine !== sequence) return;
      if (!again && engine.reset()) {
        // Once, with the engine started over: a file that failed to arrive is asked again.
        console.warn("greenhouse search: trying again after", error);
        run(true);
        return;
      }
      list.replaceChildren();
      delete list.dataset.query;
      more.hidden = true;
      showCorrection(null, text);
      say(strings.error);
      root.dataset.state = "error";
      console.error("greenhouse search:", error);
    }
  }

  let timer = 0;
  function typed() {
    const text = input.value.trim();
    // The index chunks for the words so far load while the person is still typing.
    if (text) engine.preload(text).catch(() => {});
    clearTimeout(timer);
    // One letter matches most of the index and is rarely the whole query: search it only
    // when the typing pauses. Longer queries search at once (one search at a time: see run).
    if (text.length === 1) timer = setTimeout(run, SINGLE_LETTER_PAUSE_MS);
    else run();
  }

  // Load the search engine when the page is idle, or earlier when the pointer or focus heads
  // for the box, so that the first query only waits for its words' chunks. Not when the
  // browser asks to save data: then it loads on that first intent.
  const warm = () => engine.warm().catch(() => {});
  // On a catalogue, whose filter loads its own data after the page, not before that is ready.
  if (!(navigator.connection && navigator.connection.saveData)) {
    const whenIdle = () => (window.requestIdleCallback
      ? requestIdleCallback(warm, { timeout: 2000 }) : setTimeout(warm, 200));
    const afterCatalogue = () => catalogueReady.then(whenIdle);
    if (document.readyState === "complete") afterCatalogue();
    else window.addEventListener("load", afterCatalogue, { once: true });
  }
  for (const type of ["focus", "pointerenter", "touchstart"]) {
    input.addEventListener(type, warm, { passive: true });
  }
  input.addEventListener("input", typed);
  // A closed panel with a query left in the box opens again on a click or ArrowDown.
  input.addEventListener("click", () => {
    if (panel.hidden && input.value.trim()) run();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && panel.hidden && input.value.trim()) {
      event.preventDefault();
      run();
    } else if (event.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Enter") {
      // Opens the first result: at once when it is on screen, else as soon as it is drawn.
      event.preventDefault();
      clearTimeout(timer);
      const text = input.value.trim();
      const first = list.querySelector("a");
      if (!panel.hidden && list.dataset.query === text && first) {
        window.location.assign(first.href);
      } else if (text) {
        openFirst = text;
        if (panel.hidden || list.dataset.query !== text || root.dataset.state !== "done") run();
      }
    }
  });

  facetsBox.addEventListener("change", (event) => {
    const box = event.target;
    if (!box.dataset || !box.dataset.facet) return;
    const values = chosen.get(box.dataset.facet);
    if (box.checked) values.add(box.dataset.value);
    else values.delete(box.dataset.value);
    run();
  });

  clear.addEventListener("click", () => {
    for (const values of chosen.values()) values.clear();
    run();
    input.focus();
  });

  more.addEventListener("click", async () => {
    if (!current) return;
    const answer = current;
    const count = list.children.length;
    let page;
    try {
      page = await answer.next(PAGE_SIZE, (hit) => { if (answer === current) renderHit(hit); });
    } catch (error) {
      // What was drawn stays; the button asks again for the rest.
      if (answer === current) say(strings.error);
      console.error("greenhouse search:", error);
      return;
    }
    if (answer !== current) return;
    more.hidden = page.done;
    const firstNew = list.children[count];
    if (firstNew) firstNew.querySelector("a").focus();
  });

  close.addEventListener("click", () => shut(true));

  // "/" or "s" anywhere but in a field goes to the search box, as in Material.
  document.addEventListener("keydown", (event) => {
    if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement
      && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at < links.length - 1) {
      event.preventDefault();
      links[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? links[at - 1] : input).focus();
    }
  });

  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      event.stopPropagation();
      shut(true);
    }
  });

  document.addEventListener("click", (event) => {
    if (!panel.hidden && !root.contains(event.target)) shut(false);
  });

  // On narrow screens the facets start folded, so results come first.
  if (window.matchMedia("(max-width: 44.9375em)").matches) filtersBox.open = false;
}
