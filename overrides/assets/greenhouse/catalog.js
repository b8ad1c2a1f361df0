/* Greenhouse catalogue filter: AND across facets, OR within one, counts for the current
 * selection, state in the URL (?competency=kotlin&level=intro) with back/forward.
 * Two engines behind the same form: the site's own catalogue/facets.json (default), or
 * the Algolia index the header search uses, when mkdocs.yml configures it.
 * Everything from content is set with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.querySelector("[data-gh-catalogue]");
  if (!root || !window.fetch || !window.URLSearchParams) return;

  var FACETS = JSON.parse(root.dataset.facetNames); // the build's list, in its order
  // Only hack-week projects have these, and only their catalogue offers them; the search
  // records Algolia holds do not carry them.
  var PROJECT_FACETS = JSON.parse(root.dataset.projectFacets);
  var strings = JSON.parse(document.getElementById("gh-catalogue-strings").textContent);
  var form = root.querySelector("[data-gh-filter-form]");
  var filters = root.querySelector("[data-gh-filters]");
  var results = root.querySelector("[data-gh-results]");
  var countEl = root.querySelector("[data-gh-count]");
  var moreButton = root.querySelector("[data-gh-more]");
  var clearButton = root.querySelector("[data-gh-clear]");
  var emptyEl = root.querySelector("[data-gh-empty]");
  var template = document.getElementById("gh-card-template");
  var pageSize = parseInt(root.dataset.pageSize, 10) || 24;
  var base = root.dataset.base.replace(/\/?$/, "/");

  var data, items, codes = {}, current = [], shown = 0;
  var chunks = {};
  // Slug and title per row come in a file of their own, loaded when cards are first drawn
  // or the filter is about to be used: the page itself shows the default view's cards.
  var names = null, naming = null, waiting = 0;

  var searchSettings = document.getElementById("gh-search-settings");
  var algolia = root.dataset.engine === "algolia" && searchSettings
    ? JSON.parse(searchSettings.textContent) : null;
  function showError() {
    root.querySelector("[data-gh-error]").hidden = false;
  }

  function wire(run, more) {
    if (!algolia) {
      ["focusin", "pointerenter", "touchstart"].forEach(function (type) {
        form.addEventListener(type, loadTitles, { passive: true });
        moreButton.addEventListener(type, loadTitles, { passive: true });
      });
    }
    form.addEventListener("change", function () { run(readForm(), { push: true }); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    clearButton.addEventListener("click", function () {
      run(emptyState(), { push: true, sync: true });
      form.querySelector("input") && form.querySelector("input").focus();
    });
    moreButton.addEventListener("click", more);
    window.addEventListener("popstate", function () { run(readUrl(), { sync: true }); });
  }

  /* A facet's values as [id, label] rows: a project's "looking for" are competencies. */
  function valuesOf(f) { return data.facets[f === "looking_for" ? "competency" : f]; }

  function init(index) {
    data = index;
    FACETS.forEach(function (f) {
      codes[f] = {};
      valuesOf(f).forEach(function (v, n) { codes[f][v[0]] = n; });
    });
    var areaOf = data.facets.competency.map(function (c) { return c[2]; });
    var fixed = root.dataset.type ? codes.type[root.dataset.type] : -1;
    items = [];
    data.items.forEach(function (row, i) {
      if (fixed >= 0 && row[0] !== fixed) return;
      var areas = [];
      row[1].forEach(function (c) { if (areas.indexOf(areaOf[c]) < 0) areas.push(areaOf[c]); });
      var byFacet = {
        type: [row[0]], competency: row[1], area: areas, level: row[2] >= 0 ? [row[2]] : [],
        format: row[3] >= 0 ? [row[3]] : [], language: row[4] >= 0 ? [row[4]] : [],
        upcoming: row[5] & 1 ? [0] : [], stage: row[6] >= 0 ? [row[6]] : [], looking_for: row[7]
      };
      items.push({
        i: i,
        values: FACETS.map(function (f) { return byFacet[f]; }),
        archived: (row[5] & 2) !== 0
      });
    });
    wire(apply, showMore);
    var state = readUrl();
    var early = readForm(); // the filters show before the data comes: boxes ticked meanwhile
    if (!hasSelection(state) && hasSelection(early)) apply(early, { push: true });
    // The server already rendered the default view: only re-render for a shared filter.
    else apply(state, { sync: true, keepCards: !hasSelection(state) });
    root.dataset.ready = "true";
    if (window.requestIdleCallback) requestIdleCallback(loadTitles, { timeout: 3000 });
    else setTimeout(loadTitles, 500);
  }

  function loadTitles() {
    naming = naming || fetch(new URL(data.titles, new URL(root.dataset.facets, location.href)))
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (rows) {
        if (rows.length !== data.items.length) throw new Error("titles of another build");
        return rows;
      }).then(function (rows) {
        names = rows;
        root.querySelector("[data-gh-error]").hidden = true; // an earlier try's message
        return true;
      }, function () {
        naming = null; // the next use asks again
        showError();
        return false;
      });
    return naming;
  }

  /* Run `draw` once titles are in: at once if they are, else when they come, unless a
   * newer call came meanwhile (a newer filter, or a click on "more"). */
  function named(draw) {
    var mine = ++waiting;
    if (names) {
      results.removeAttribute("aria-busy");
      draw();
      return;
    }
    results.setAttribute("aria-busy", "true");
    loadTitles().then(function (loaded) {
      if (mine !== waiting) return;
      results.removeAttribute("aria-busy");
      if (loaded) draw();
    });
  }

  function emptyState() {
    var sel = {};
    FACETS.forEach(function (f) { sel[f] = []; });
    return { sel: sel, archived: false };
  }

  function hasSelection(state) {
    return state.archived || FACETS.some(function (f) { return state.sel[f].length > 0; });
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    var state = emptyState();
    FACETS.forEach(function (f) {
      if (f === "type" && root.dataset.type) return;
      if (PROJECT_FACETS.indexOf(f) >= 0 && root.dataset.type !== "project") return;
      state.sel[f] = params.getAll(f).filter(function (v) { return v in codes[f]; });
    });
    state.archived = params.get("archived") === "1";
    return state;
  }

  function readForm() {
    var state = emptyState();
    form.querySelectorAll("input:checked").forEach(function (input) {
      if (input.name === "archived") state.archived = true;
      else state.sel[input.name].push(input.value);
    });
    return state;
  }

  function urlFor(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (f) { state.sel[f].forEach(function (v) { params.append(f, v); }); });
    if (state.archived) params.set("archived", "1");
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  /* Filter, count and show. Counts for a facet ignore that facet's own selection, so
   * they say how many results ticking one more value (OR) would give. */
  function apply(state, options) {
    var started = performance.now();
    var selected = FACETS.map(function (f) {
      var set = {};
      state.sel[f].forEach(function (v) { set[codes[f][v]] = true; });
      return state.sel[f].length ? set : null;
    });
    var counts = FACETS.map(function (f) { return new Int32Array(valuesOf(f).length); });
    current = [];
    for (var k = 0; k < items.length; k++) {
      var item = items[k];
      if (item.archived && !state.archived) continue;
      var failed = -1, fails = 0;
      for (var f = 0; f < FACETS.length && fails < 2; f++) {
        if (selected[f] && !matches(item.values[f], selected[f])) { fails++; failed = f; }
      }
      if (fails === 0) {
        current.push(item);
        for (f = 0; f < FACETS.length; f++) add(counts[f], item.values[f]);
      } else if (fails === 1) {
        add(counts[failed], item.values[failed]);
      }
    }
    showState(state, options, current.length, function (facet, value) {
      return counts[FACETS.indexOf(facet)][codes[facet][value]];
    });
    if (!options.keepCards) {
      results.replaceChildren();
      shown = 0;
      moreButton.hidden = true;
      named(function () { render(pageSize); });
    } else {
      shown = Math.min(pageSize, current.length);
      moreButton.hidden = current.length <= shown;
    }
    root.dataset.applyMs = (performance.now() - started).toFixed(2);
  }

  /* The form, the result count and the URL for `state`; `countOf(facet, value)`. */
  function showState(state, options, total, countOf) {
    form.querySelectorAll("input").forEach(function (input) {
      if (options.sync) {
        input.checked = input.name === "archived" ? state.archived
          : state.sel[input.name].indexOf(input.value) >= 0;
      }
      if (FACETS.indexOf(input.name) < 0) return;
      var n = countOf(input.name, input.value);
      input.parentNode.querySelector("[data-count]").textContent = n;
      input.parentNode.classList.toggle("gh-facet__value--none", n === 0 && !input.checked);
    });
    countEl.textContent = total === 1 ? strings.result_one : strings.results.replace("{n}", total);
    clearButton.hidden = !hasSelection(state);
    emptyEl.hidden = total > 0;
    if (options.push && urlFor(state) !== window.location.pathname + window.location.search) {
      history.pushState(null, "", urlFor(state));
    }
  }

  function matches(values, set) {
    for (var i = 0; i < values.length; i++) if (set[values[i]]) return true;
    return false;
  }

  function add(counter, values) {
    for (var i = 0; i < values.length; i++) counter[values[i]]++;
  }

  function showMore() {
    named(function () {
      var first = shown;
      render(pageSize);
      var next = results.children[first];
      if (next) next.querySelector("a").focus();
    });
  }

  function render(count) {
    var upto = Math.min(current.length, shown + count);
    var fragment = document.createDocumentFragment();
    var wanted = {};
    for (var k = shown; k < upto; k++) {
      fragment.appendChild(card(current[k]));
      wanted[Math.floor(current[k].i / data.chunk)] = true;
    }
    results.appendChild(fragment);
    shown = upto;
    moreButton.hidden = current.length <= shown;
    Object.keys(wanted).forEach(function (n) { loadChunk(Number(n)); });
  }

  function card(item) {
    var li = document.createElement("li");
    li.appendChild(template.content.cloneNode(true));
    var article = li.firstElementChild;
    var type = item.values[FACETS.indexOf("type")][0];
    article.classList.add("gh-card--" + data.facets.type[type][0]);
    article.dataset.index = item.i;
    var kicker = [data.facets.type[type][1]];
    ["level", "format", "language"].forEach(function (f) {
      var value = item.values[FACETS.indexOf(f)];
      if (value.length) kicker.push(data.facets[f][value[0]][1]);
    });
    slot(article, "kicker").textContent = kicker.join(" · ");
    var link = slot(article, "link");
    link.textContent = names[item.i][1];
    link.href = base + data.folders[type] + "/" + names[item.i][0] + "/";
    var chips = slot(article, "chips");
    item.values[FACETS.indexOf("competency")].forEach(function (c) {
      var li = document.createElement("li");
      var chip = document.createElement("span");
      chip.className = "gh-chip";
      chip.textContent = data.facets.competency[c][1];
      li.appendChild(chip);
      chips.appendChild(li);
    });
    slot(article, "archived").hidden = !item.archived;
    var rows = chunks[Math.floor(item.i / data.chunk)];
    if (rows && rows.then === undefined) fill(article, rows[item.i % data.chunk]);
    return li;
  }

  function slot(article, name) { return article.querySelector('[data-slot="' + name + '"]'); }

  function fill(article, row) {
    var summary = slot(article, "summary");
    summary.textContent = row[0];
    summary.lang = row[1];
    var when = slot(article, "when");
    when.replaceChildren();
    if (row[2]) {
      var time = document.createElement("time");
      time.dateTime = row[2];
      time.textContent = row[3];
      when.appendChild(time);
    } else {
      when.textContent = row[3];
    }
    slot(article, "cost").hidden = !row[4];
    slot(article, "cost-text").textContent = row[4];
    var request = slot(article, "request");
    request.hidden = !row[5];
    if (row[5]) request.href = row[5];
    if (row[6] && window.greenhousePathProgress) {
      var progress = slot(article, "progress");
      progress.dataset.ghPathCard = row[6][0];
      progress.dataset.steps = row[6][1].join(" ");
      window.greenhousePathProgress(progress);
    }
    article.dataset.filled = "true";
  }

  function loadChunk(n) {
    if (chunks[n]) return;
    chunks[n] = fetch(root.dataset.cards + n + ".json").then(function (r) { return r.json(); })
      .then(function (rows) {
        chunks[n] = rows;
        results.querySelectorAll("article[data-index]").forEach(function (article) {
          var i = parseInt(article.dataset.index, 10);
          if (Math.floor(i / data.chunk) === n && !article.dataset.filled) fill(article, rows[i % data.chunk]);
        });
      }).catch(function () { delete chunks[n]; });
  }

  /* --- Algolia: the index the header search uses, with its search-only key -------------
   * One hit per item (`distinct` on page_id) and counts after that de-duplication. As
   * above, a facet's counts ignore its own selection: one more query per facet in use,
   * all in one multi-query request. */

  var ATTRIBUTES = JSON.parse(root.dataset.facetAttributes); // facet -> record attribute
  var RETRIEVE = ["page_id", "url", "lvl1", "summary", "type", "competencies", "level",
                  "format", "language", "upcoming", "archived", "sort_key", "when", "cost"];
  var asked = 0, page = 0, pages = 0, lastState = null;

  function attribute(f) { return ATTRIBUTES[f] || f; }
  // The "has upcoming sessions" box is value 1 in the URL and `upcoming: true` in records.
  function toIndex(f, v) { return f === "upcoming" ? "true" : v; }
  function fromIndex(f, v) { return f === "upcoming" ? (v === "true" ? "1" : "") : v; }

  function initAlgolia() {
    FACETS.forEach(function (f) { codes[f] = {}; });
    PROJECT_FACETS.forEach(function (f) {
      var fieldset = form.querySelector(".gh-facet--" + f);
      if (fieldset) fieldset.remove();
    });
    form.querySelectorAll("input").forEach(function (input) {
      if (codes[input.name]) codes[input.name][input.value] = true;
    });
    wire(applyAlgolia, moreAlgolia);
    applyAlgolia(readUrl(), { sync: true }).then(function () { root.dataset.ready = "true"; });
  }

  function facetFilters(state, without) {
    var types = root.dataset.type ? [root.dataset.type]
      : state.sel.type.length && without !== "type" ? state.sel.type
        : root.dataset.types.split(" "); // never people, who are records too
    var groups = [types.map(function (t) { return "type:" + t; })];
    FACETS.forEach(function (f) {
      if (f === "type" || f === without || !state.sel[f].length) return;
      groups.push(state.sel[f].map(function (v) { return attribute(f) + ":" + toIndex(f, v); }));
    });
    if (!state.archived) groups.push("archived:false");
    return groups;
  }

  function request(state, without, pageNumber) {
    var facets = without ? [attribute(without)] : FACETS.filter(function (f) {
      return !(f === "type" && root.dataset.type) && PROJECT_FACETS.indexOf(f) < 0;
    }).map(attribute);
    return {
      indexName: algolia.algolia.indexName,
      query: "",
      facetFilters: facetFilters(state, without),
      facets: facets,
      distinct: true,
      facetingAfterDistinct: true,
      hitsPerPage: without ? 0 : pageSize,
      page: pageNumber || 0,
      attributesToRetrieve: RETRIEVE,
      attributesToHighlight: [],
      attributesToSnippet: []
    };
  }

  function queries(requests) {
    var options = algolia.algolia;
    var hosts = options.hosts.length ? options.hosts : [
      "https://" + options.appId + "-dsn.algolia.net",
      "https://" + options.appId + "-1.algolianet.com",
      "https://" + options.appId + "-2.algolianet.com"
    ];
    var credentials = new URLSearchParams({
      "x-algolia-application-id": options.appId,
      "x-algolia-api-key": options.searchKey
    });
    var path = "/1/indexes/*/queries?" + credentials;
    function attempt(n, failure) {
      if (n >= hosts.length) return Promise.reject(failure);
      // A form content type keeps this a simple request: no CORS preflight.
      return fetch(hosts[n].replace(/\/$/, "") + path, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: JSON.stringify({ requests: requests })
      }).then(function (response) {
        if (response.ok) return response.json().then(function (answer) { return answer.results; });
        var error = new Error("Algolia answered " + response.status);
        return response.status < 500 ? Promise.reject(error) : attempt(n + 1, error);
      }, function (error) { return attempt(n + 1, error); });
    }
    return attempt(0, null);
  }

  function applyAlgolia(state, options) {
    var mine = ++asked;
    var selected = FACETS.filter(function (f) { return state.sel[f].length > 0; });
    var requests = [request(state, null, 0)].concat(selected.map(function (f) {
      return request(state, f, 0);
    }));
    return queries(requests).then(function (answers) {
      if (mine !== asked) return; // a newer choice is on its way
      var counts = {};
      FACETS.forEach(function (f) {
        var at = selected.indexOf(f);
        var raw = (answers[at < 0 ? 0 : at + 1].facets || {})[attribute(f)] || {};
        counts[f] = {};
        Object.keys(raw).forEach(function (v) { counts[f][fromIndex(f, v)] = raw[v]; });
      });
      var main = answers[0];
      lastState = state;
      page = 0;
      pages = main.nbPages;
      showState(state, options, main.nbHits, function (f, v) { return counts[f][v] || 0; });
      results.replaceChildren();
      drawHits(main.hits);
    }).catch(function (error) {
      if (mine !== asked) return;
      showError();
      console.error("greenhouse catalogue:", error);
    });
  }

  function moreAlgolia() {
    var first = results.children.length;
    queries([request(lastState, null, page + 1)]).then(function (answer) {
      page += 1;
      drawHits(answer[0].hits);
      var next = results.children[first];
      if (next) next.querySelector("a").focus();
    }).catch(showError);
  }

  function drawHits(hits) {
    var fragment = document.createDocumentFragment();
    hits.forEach(function (hit) { fragment.appendChild(hitCard(hit)); });
    results.appendChild(fragment);
    moreButton.hidden = page + 1 >= pages;
  }

  function label(facet, value) {
    return (algolia.labels[facet] || {})[value] || value;
  }

  /* "Thu 4 Mar 2027, 09:00 CET" in the portal's time zone, as the server writes it. */
  function sessionText(moment) {
    var parts = {};
    new Intl.DateTimeFormat(strings.language === "en" ? "en-GB" : strings.language, {
      weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit",
      minute: "2-digit", hourCycle: "h23", timeZone: strings.timezone, timeZoneName: "short"
    }).formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    return parts.weekday + " " + parts.day + " " + parts.month + " " + parts.year + ", "
      + parts.hour + ":" + parts.minute + " " + parts.timeZoneName;
  }

  /* The course-request form's link, as the server writes it (catalog.listing.request_url). */
  function requestUrl(form, title, url) {
    var encode = function (text) {
      return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
        return "%" + c.charCodeAt(0).toString(16).toUpperCase();
      });
    };
    return form.split("{title}").join(encode(title)).split("{url}").join(encode(url));
  }

  function hitCard(hit) {
    var li = document.createElement("li");
    li.appendChild(template.content.cloneNode(true));
    var article = li.firstElementChild;
    article.classList.add("gh-card--" + hit.type);
    article.dataset.id = hit.page_id;
    var kicker = [label("type", hit.type)];
    if (hit.level) kicker.push(label("level", hit.level));
    if (hit.format) kicker.push(label("format", hit.format));
    if (hit.language) kicker.push(label("language", hit.language));
    slot(article, "kicker").textContent = kicker.join(" · ");
    var link = slot(article, "link");
    link.textContent = hit.lvl1;
    link.href = base + String(hit.url).split("#")[0];
    var summary = slot(article, "summary");
    summary.textContent = hit.summary || "";
    if (hit.language) summary.lang = hit.language;
    var chips = slot(article, "chips");
    (hit.competencies || []).forEach(function (c) {
      var item = document.createElement("li");
      var chip = document.createElement("span");
      chip.className = "gh-chip";
      chip.textContent = label("competencies", c);
      item.appendChild(chip);
      chips.appendChild(item);
    });
    var when = slot(article, "when");
    if (hit.upcoming && hit.sort_key) {
      var moment = new Date(hit.sort_key * 1000);
      var time = document.createElement("time");
      time.dateTime = moment.toISOString();
      time.textContent = sessionText(moment);
      when.appendChild(time);
    } else if (typeof hit.when === "string") {
      when.textContent = hit.when; // "On demand", "Autumn 2026", "Recorded Thu 14 Jan 2027"…
    } else if (hit.type === "course" || hit.type === "path" || hit.format === "self-paced") {
      when.textContent = strings.on_demand; // a record from before `when` existed
    }
    if (hit.cost) {
      slot(article, "cost").hidden = false;
      slot(article, "cost-text").textContent = hit.cost;
      var form = root.dataset.requestForm;
      if (form && hit.type === "course") {
        var request = slot(article, "request");
        request.hidden = false;
        var page = root.dataset.siteUrl + String(hit.url).split("#")[0];
        request.href = requestUrl(form, hit.lvl1, page);
      }
    }
    slot(article, "archived").hidden = !hit.archived;
    article.dataset.filled = "true";
    return li;
  }

  if (algolia) {
    initAlgolia();
  } else {
    fetch(root.dataset.facets).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(init).catch(function () {
      filters.hidden = true; // they would not work: the plain lists below still do
      showError();
    });
  }
})();
