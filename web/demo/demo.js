// The demo page: files in, the library's answer drawn as HTML.  Every state shown here
// (completed, progress, aired, next episode, continue watching, why) is read from what
// history_resolver answers (resolveFiles: the output document and its view); this file only
// draws it.  User data reaches the page through textContent only.
import { InvalidInputError, loadResolver } from "../history-resolver.mjs";

const $ = (selector) => document.querySelector(selector);
const status = $("#status");
const controls = ["#files", "#example", "#clear", "#paste-add"].map($);
const RULES = {
  "explicit-entries": "an entry for this episode (explicit entry)",
  "season-defaults": "an entry for its season, made after it aired (season default)",
  "nothing-decides": "nothing: no entry for it or for its season after it aired",
};

let resolver = null;
let files = []; // {name, text}, in the order given
let pasted = 0;

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

async function update() {
  showLoaded();
  if (!files.length) {
    list($("#problems"), []);
    list($("#warnings"), []);
    $("#results").replaceChildren();
    $("#why").hidden = true;
    return;
  }
  const mediaId = $("#tmdb-show").value.trim() || undefined;
  setStatus("working", "Resolving…");
  try {
    const answer = await resolver.resolveFiles(files.map((f) => ({ ...f, mediaId })));
    list($("#problems"), []);
    list($("#warnings"), answer.output.diagnostics);
    render(answer);
    setStatus("ready", `Resolved ${answer.document.history.length} history entries.`);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    list($("#problems"), error.problems);
    setStatus("ready", "The input has problems: nothing changed below.");
  }
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
    ["Decided by", RULES[view.rule]],
    ["Rule", `docs/rules.md#${view.rule}`],
  ];
  if (view.entry !== null) {
    facts.push([`Deciding entry (history[${row.decidedBy}])`, Object.entries(view.entry)
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(", ")]);
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
          title: `${episodeName(row)} · ${state} · ${RULES[episodeView.rule]}`,
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

async function addFiles(list) {
  for (const file of list) files.push({ name: file.name, text: await file.text() });
  await update();
}

function wire() {
  const drop = $("#drop");
  $("#files").addEventListener("change", async (event) => {
    await addFiles([...event.target.files]);
    event.target.value = "";
  });
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    if (resolver) await addFiles([...event.dataTransfer.files]);
  });
  $("#paste-add").addEventListener("click", async () => {
    const text = $("#paste").value;
    if (!text.trim()) return;
    pasted += 1;
    files.push({ name: `pasted-${pasted}.json`, text });
    $("#paste").value = "";
    await update();
  });
  $("#example").addEventListener("click", async () => {
    const response = await fetch(new URL("../dist/examples/breaking-bad.json", import.meta.url));
    files = [{ name: "breaking-bad.json", text: await response.text() }];
    await update();
  });
  $("#clear").addEventListener("click", () => {
    files = [];
    update();
  });
  $("#tmdb-show").addEventListener("change", () => files.length && update());
  $("#why .close").addEventListener("click", () => {
    $("#why").hidden = true;
  });
}

wire();
controls.forEach((c) => (c.disabled = true));
const started = performance.now();
try {
  resolver = await loadResolver();
  controls.forEach((c) => (c.disabled = false));
  $("#version").textContent = `history_resolver ${resolver.version} · Python ${resolver.pythonVersion} (Pyodide)`;
  setStatus("ready", `Ready (Python loaded in ${((performance.now() - started) / 1000).toFixed(1)} s).`);
} catch (error) {
  setStatus("failed", `Could not load Python: ${error.message}`);
}
