// The demo page: files in, the library's answer drawn as HTML.  Every state shown here
// (completed, progress, aired, next episode, continue watching, why) is read from what
// history_resolver answers (resolveFiles: the output document and its view); this file only
// draws it.  User data reaches the page through textContent only.  Every failure shows as
// one line in the status (never a traceback); invalid input as the library's problems.
// Python runs in a Worker (loadResolverInWorker): the page stays responsive while it works.
import { InvalidInputError, loadResolverInWorker } from "../history-resolver.mjs";

const $ = (selector) => document.querySelector(selector);
const status = $("#status");
const controls = ["#files", "#example", "#clear", "#paste-add"].map($);
const RULES_URL = "https://github.com/discovr/history-resolver/blob/main/docs/rules.md";

let resolver = null;
let files = []; // {name, text}, in the order given
let pasted = 0;
let generation = 0; // bumped when the files are replaced (Clear, Example): older reads lose
let reading = Promise.resolve(); // drops are added in the order they came, one after another
let updates = 0; // only the latest update draws its answer

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key === "style") node.style.cssText = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function episodeName(ref) {
  return ref ? `S${ref.season}E${ref.episode}` : "—";
}

function percent(value) {
  return `${Number.isInteger(value) ? value : value.toFixed(2)}%`;
}

function list(section, items) {
  const ul = section.querySelector("ul");
  ul.replaceChildren(
    ...items.map((p) => element("li", {}, element("span", { class: "path" }, p.path), ": ", p.message)),
  );
  section.hidden = items.length === 0;
}

function showLoaded() {
  $("#loaded").replaceChildren(
    ...files.map((file, index) => {
      const remove = element("button", { type: "button", class: "remove", "aria-label": `Remove ${file.name}` }, "×");
      remove.addEventListener("click", () => {
        files.splice(index, 1);
        update();
      });
      return element("li", {}, file.name, " ", remove);
    }),
  );
}

/** One line for a failure that is not the input's: the error's first line. */
function failure(what, error) {
  const line = String(error?.message ?? error).split("\n")[0];
  setStatus("failed", `${what}: ${line}`);
}

async function update() {
  const ticket = ++updates;
  showLoaded();
  if (!files.length) {
    list($("#problems"), []);
    list($("#warnings"), []);
    $("#results").replaceChildren();
    $("#why").hidden = true;
    setStatus("ready", "Ready.");
    return;
  }
  const show = $("#tmdb-show").value.trim() || undefined;
  setStatus("working", "Resolving…");
  try {
    const answer = await resolver.resolveFiles(files, undefined, show);
    if (ticket !== updates) return;
    list($("#problems"), []);
    list($("#warnings"), answer.output.diagnostics);
    render(answer);
    setStatus("ready", `Resolved ${answer.entries} history entries.`);
  } catch (error) {
    if (ticket !== updates) return;
    if (error instanceof InvalidInputError) {
      list($("#problems"), error.problems);
      setStatus("ready", "The input has problems: nothing changed below.");
    } else {
      failure("Could not resolve", error);
    }
  }
}

/** Run a click or drop handler; whatever it throws is shown in one line. */
function guarded(what, handler) {
  return async (event) => {
    try {
      await handler(event);
    } catch (error) {
      failure(what, error);
    }
  };
}

function cellState(row, view) {
  if (row.completed) return ["completed", "completed"];
  if (row.progress > 0) return ["started", `in progress, ${percent(row.progress)}`];
  return view.aired ? ["unwatched", "not watched"] : ["unaired", "not aired yet"];
}

function explain(row, view, title, cell) {
  const why = $("#why");
  document.querySelectorAll(".cell.chosen").forEach((c) => c.classList.remove("chosen"));
  cell.classList.add("chosen");
  why.querySelector("h2").textContent = `${title} ${episodeName(row)}`;
  const [, state] = cellState(row, view);
  const facts = [
    ["State", state],
    ["Air date", `${row.airDate ?? "not known"} (${view.aired ? "aired" : "not aired yet"})`],
    ["Why", view.why],
    ["Rule", element("a", { href: `${RULES_URL}#${view.rule}`, target: "_blank", rel: "noopener" }, `docs/rules.md#${view.rule}`)],
  ];
  if (view.entry !== null) {
    facts.push([`Deciding entry (history[${row.decidedBy}])`, Object.entries(view.entry)
      .map(([key, value]) => `${key}: ${value}`).join(", ")]);
  }
  facts.push(["Plays", String(row.plays)]);
  if (row.lastWatchedAt) facts.push(["Last watched", row.lastWatchedAt]);
  why.querySelector("dl").replaceChildren(...facts.flatMap(([k, v]) => [element("dt", {}, k), element("dd", {}, v)]));
  why.hidden = false;
}

function render({ output, view }) {
  const titles = view.titles;
  const name = (media) => titles[media] ?? media;
  const bySeason = new Map();
  output.episodes.forEach((row, index) => {
    const key = `${row.mediaId} ${row.season}`;
    if (!bySeason.has(key)) bySeason.set(key, []);
    bySeason.get(key).push([row, view.episodes[index]]);
  });
  const parts = [];
  for (const show of output.shows) {
    const title = name(show.mediaId);
    const next = show.nextEpisode;
    const nextText = next
      ? `${episodeName(next)} · ${next.airDate ?? "air date not known"}${next.aired ? "" : " · not aired yet"}`
      : "—";
    const seasons = output.seasons.filter((s) => s.mediaId === show.mediaId).map((season) => {
      const cells = bySeason.get(`${show.mediaId} ${season.season}`).map(([row, episodeView]) => {
        const [kind, state] = cellState(row, episodeView);
        const cell = element("button", {
          type: "button",
          class: `cell ${kind}`,
          title: `${episodeName(row)} · ${state} · ${episodeView.why}`,
          "aria-label": `${episodeName(row)}: ${state}`,
          "data-episode": episodeName(row),
          style: kind === "started" ? `--p: ${row.progress}%` : "",
        });
        cell.addEventListener("click", () => explain(row, episodeView, title, cell));
        return cell;
      });
      return element(
        "div",
        { class: "season", "data-season": season.season },
        element("span", { class: "label" }, `S${season.season}`),
        element("span", { class: "cells" }, ...cells),
        element("span", { class: "count" }, `${season.completed}/${season.aired}`,
          season.season === 0 ? " · specials" : ` · ${percent(season.percent)}`),
      );
    });
    parts.push(element(
      "article",
      { class: "show", "data-media": show.mediaId },
      element("header", {}, element("h2", {}, title),
        element("span", { class: "percent" }, `${percent(show.percent)} watched`)),
      element("div", { class: "meter", role: "progressbar", "aria-valuenow": show.percent, "aria-valuemin": 0, "aria-valuemax": 100 },
        element("span", { style: `width: ${show.percent}%` })),
      element("dl", { class: "facts" },
        element("div", {}, element("dt", {}, "Watched"), element("dd", {}, `${show.completed} of ${show.aired} aired`)),
        element("div", {}, element("dt", {}, "Last"), element("dd", {}, episodeName(show.lastEpisode))),
        element("div", {}, element("dt", {}, "Next"), element("dd", { class: "next" }, nextText))),
      ...seasons,
    ));
  }
  if (output.movies.length) {
    parts.push(element("section", { class: "panel movies" }, element("h2", {}, "Movies"), element("ul", {},
      ...output.movies.map((movie) => element("li", {}, `${name(movie.mediaId)} · `,
        movie.completed ? "completed" : movie.progress > 0 ? `in progress, ${percent(movie.progress)}` : "not watched",
        ` · plays ${movie.plays}`)))));
  }
  if (output.inProgress.length) {
    parts.push(element("section", { class: "panel continue" }, element("h2", {}, "Continue watching"), element("ul", {},
      ...output.inProgress.map((item) => element("li", {},
        `${name(item.mediaId)}${"season" in item ? ` ${episodeName(item)}` : ""} · ${percent(item.progress)} · since ${item.updatedAt}`)))));
  }
  if (!parts.length) parts.push(element("p", {}, "Nothing resolved: no episode and no movie."));
  $("#results").replaceChildren(...parts);
  $("#why").hidden = true;
}

/** Add the files of one drop (or choice): all read first, then added at once, after the
 * drops before it; a Clear or Example meanwhile wins. */
function addFiles(list) {
  const mine = generation;
  const read = Promise.all(list.map(async (file) => ({ name: file.name, text: await file.text() })));
  reading = reading.then(async () => {
    const got = await read;
    if (mine === generation) files.push(...got);
  });
  return reading.then(update);
}

function replaceFiles(list) {
  generation += 1;
  files = list;
}

function wire() {
  const drop = $("#drop");
  $("#files").addEventListener("change", guarded("Could not read the files", async (event) => {
    const chosen = [...event.target.files];
    event.target.value = "";
    await addFiles(chosen);
  }));
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", guarded("Could not read the files", async (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    if (resolver) await addFiles([...event.dataTransfer.files]);
  }));
  $("#paste-add").addEventListener("click", guarded("Could not add the text", async () => {
    const text = $("#paste").value;
    if (!text.trim()) return;
    pasted += 1;
    $("#paste").value = "";
    await addFiles([{ name: `pasted-${pasted}.json`, text: async () => text }]);
  }));
  $("#example").addEventListener("click", guarded("Could not load the example", async () => {
    const mine = ++generation;
    const response = await fetch(new URL("../dist/examples/breaking-bad.json", import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    if (mine !== generation) return; // cleared, or asked again, meanwhile
    replaceFiles([{ name: "breaking-bad.json", text }]);
    await update();
  }));
  $("#clear").addEventListener("click", guarded("Could not clear", async () => {
    replaceFiles([]);
    await update();
  }));
  $("#tmdb-show").addEventListener("change", guarded("Could not resolve", async () => {
    if (files.length) await update();
  }));
  $("#why .close").addEventListener("click", () => {
    $("#why").hidden = true;
  });
}

wire();
controls.forEach((c) => (c.disabled = true));
const started = performance.now();
try {
  resolver = await loadResolverInWorker();
  controls.forEach((c) => (c.disabled = false));
  $("#version").textContent = `history_resolver ${resolver.version} · Python ${resolver.pythonVersion} (Pyodide)`;
  setStatus("ready", `Ready (Python loaded in ${((performance.now() - started) / 1000).toFixed(1)} s).`);
} catch (error) {
  setStatus("failed", `Could not load Python: ${error.message}`);
}
