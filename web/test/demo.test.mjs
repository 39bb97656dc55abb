// The demo page in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// no browser is downloaded), served over loopback by scripts/serve.mjs: load the example,
// drop files, read the progress and next episode shown, see why an episode has its state,
// see the library's words for a bad file, see one line (never a traceback) when something
// else fails.  Saves screenshots (test-results/, git-ignored); with UPDATE_SCREENSHOT=1, also
// the one docs/web.md and the README show (demo/screenshot.png).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { startServer } from "../scripts/serve.mjs";
import { PYTHON, ROOT, WEB } from "./helpers.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const RESULTS = join(WEB, "test-results");
const EXAMPLES = join(ROOT, "examples");
let served;
let browser;
let profile;
let page;
const requests = [];
const pageErrors = [];

before(async () => {
  served = await startServer({ port: 0 });
  profile = mkdtempSync(join(tmpdir(), "history-resolver-chromium-"));
  // A persistent context is how playwright-core gets a fresh --user-data-dir of our own.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1000, height: 900 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("console", (message) => message.type() === "error" && pageErrors.push(message.text()));
  page.on("response", (response) => response.status() >= 400 && pageErrors.push(`${response.status()} ${response.url()}`));
  mkdirSync(RESULTS, { recursive: true });
  await page.goto(`${served.url}demo/`);
  await page.locator('#status[data-state="ready"]').waitFor({ timeout: 120_000 });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => served?.server.close(done));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const show = () => page.locator('article.show[data-media="TV_TMDBID1396"]');

test("the bundled example: progress, next episode, continue watching", async () => {
  await page.click("#example");
  await show().waitFor();
  assert.equal(await show().locator(".percent").textContent(), "17.74% watched");
  assert.equal(await show().locator(".next").textContent(), "S2E6 · 2009-04-12");
  assert.equal(await show().locator(".season").count(), 6);
  assert.equal(await show().locator('.season[data-season="2"] .cell').count(), 13);
  assert.equal(await show().locator('.season[data-season="2"] .cell.completed').count(), 5);
  const watching = await page.locator(".continue li").allTextContents();
  assert.deepEqual(watching, [
    "El Camino: A Breaking Bad Movie · 62% · since 2023-02-10T21:30:00.000Z",
    "TV_TMDBID1396 S2E6 · 45.50% · since 2023-01-16T20:00:00.000Z",
  ]);
  await page.screenshot({ path: join(RESULTS, "demo-example.png"), fullPage: true });
});

/** What CPython's _browser answers for these files (the demo passes no options). */
function cpython(files, now) {
  const script = [
    "import json, sys",
    "from history_resolver._browser import resolve_files",
    "request = json.load(sys.stdin)",
    "print(resolve_files(json.dumps({'files': request['files']}), lambda: request['now']))",
  ].join("\n");
  const out = execFileSync(PYTHON, ["-c", script], {
    input: JSON.stringify({ files, now }),
    env: { ...process.env, PYTHONPATH: join(ROOT, "src") },
  });
  return JSON.parse(out);
}

/** The "why" sentence of each basis, from the library. */
function whyOf() {
  const script = "import json; from history_resolver._browser import WHY_OF_BASIS as W; print(json.dumps(W))";
  return JSON.parse(execFileSync(PYTHON, ["-c", script], { env: { ...process.env, PYTHONPATH: join(ROOT, "src") } }));
}

test("clicking an episode says why: the deciding entry and the rule, from the library", async () => {
  await show().locator('.season[data-season="2"] .cell[data-episode="S2E6"]').click();
  const why = page.locator("#why");
  await why.waitFor();
  const facts = Object.fromEntries(
    await why.locator("dt").evaluateAll((terms) => terms.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
  );
  assert.equal(await why.locator("h2").textContent(), "TV_TMDBID1396 S2E6");
  assert.equal(facts.State, "in progress, 45.50%");
  assert.equal(facts.Why, whyOf().explicit);
  assert.equal(facts.Rule, "docs/rules.md#explicit-entries");
  const link = await why.locator("dd a").getAttribute("href");
  assert.match(link, /\/docs\/rules\.md#explicit-entries$/);
  const deciding = Object.keys(facts).find((key) => key.startsWith("Deciding entry"));
  assert.match(deciding, /^Deciding entry \(history\[\d+\]\)$/);
  assert.match(facts[deciding], /season: 2, episode: 6, progress: 45\.5/);
  await page.screenshot({ path: join(RESULTS, "demo-why.png"), fullPage: true });
  if (process.env.UPDATE_SCREENSHOT) {
    // As tall as the page, so the panel (sticky at the window's bottom) sits below the
    // results rather than over them.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1000, height });
    await page.screenshot({ path: join(WEB, "demo", "screenshot.png"), fullPage: true });
    await page.setViewportSize({ width: 1000, height: 900 });
  }
});

test("dropped files: a list-endpoint page and TMDB seasons give the same progress", async () => {
  await page.click("#clear");
  await page.locator("article.show").waitFor({ state: "detached" });
  const seasons = [0, 1, 2, 3, 4, 5].map((n) => join(EXAMPLES, "tmdb", `breaking-bad-season-${n}.json`));
  await page.setInputFiles("#files", [join(EXAMPLES, "breaking-bad-history-page.json"), ...seasons]);
  await show().waitFor();
  assert.equal(await show().locator(".percent").textContent(), "17.74% watched");
  assert.equal(await show().locator(".next").textContent(), "S2E6 · 2009-04-12");
  assert.equal(await page.locator("#loaded li").count(), 7);
});

test("a synthetic drop of JSON Lines onto the drop zone is read", async () => {
  await page.click("#clear");
  const items = JSON.parse(readFileSync(join(EXAMPLES, "breaking-bad-history-page.json"), "utf8")).items;
  const lines = items.map((item) => JSON.stringify(item)).join("\n");
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], "history.jsonl", { type: "application/json" }));
    return data;
  }, lines);
  const now = BigInt(Date.now()) * 1_000_000n;
  await page.dispatchEvent("#drop", "drop", { dataTransfer: transfer });
  await show().waitFor();
  // No catalog: only the episodes the history names are reported, as CPython reports them.
  const expected = cpython([{ name: "history.jsonl", text: lines }], Number(now)).output.shows
    .find((s) => s.mediaId === "TV_TMDBID1396").percent;
  assert.equal(await show().locator(".percent").textContent(), `${Number.isInteger(expected) ? expected : expected.toFixed(2)}% watched`);
  assert.deepEqual(await page.locator("#loaded li").allTextContents(), ["history.jsonl ×"]);
});

test("two drops in quick succession keep their order", async () => {
  await page.click("#clear");
  await page.locator("article.show").waitFor({ state: "detached" });
  const page1 = readFileSync(join(EXAMPLES, "breaking-bad-history-page.json"), "utf8");
  const seasons = [1, 2, 3].map((n) => readFileSync(join(EXAMPLES, "tmdb", `breaking-bad-season-${n}.json`), "utf8"));
  await page.evaluate(([first, second]) => {
    const drop = document.querySelector("#drop");
    for (const files of [first, second]) {
      const data = new DataTransfer();
      for (const [name, text] of files) data.items.add(new File([text], name, { type: "application/json" }));
      drop.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, [
    [["history.json", page1], ["s1.json", seasons[0]], ["s2.json", seasons[1]]],
    [["s3.json", seasons[2]]],
  ]);
  await page.locator("#loaded li").nth(3).waitFor();
  await show().waitFor();
  assert.deepEqual(await page.locator("#loaded li").allTextContents(), [
    "history.json ×", "s1.json ×", "s2.json ×", "s3.json ×",
  ]);
});

test("pasted text is read like a dropped file", async () => {
  await page.click("#clear");
  await page.locator("article.show").waitFor({ state: "detached" });
  await page.click(".input summary");
  await page.fill("#paste", readFileSync(join(EXAMPLES, "breaking-bad.json"), "utf8"));
  await page.click("#paste-add");
  await show().waitFor();
  assert.equal(await show().locator(".percent").textContent(), "17.74% watched");
  assert.deepEqual(await page.locator("#loaded li").allTextContents(), ["pasted-1.json ×"]);
});

test("a bad file: the library's words, and the view stays as it was", async () => {
  await page.setInputFiles("#files", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"items": [') });
  const problems = page.locator("#problems");
  await problems.waitFor();
  assert.deepEqual(await problems.locator("li").allTextContents(), [
    "bad.json: not valid JSON: Expecting value (line 1, column 12)",
  ]);
  assert.equal(await show().count(), 1);
  await page.screenshot({ path: join(RESULTS, "demo-problem.png"), fullPage: true });
});

test("at phone width nothing overflows the page", async () => {
  await page.click("#clear");
  await page.click("#example");
  await show().waitFor();
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: join(RESULTS, "demo-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1000, height: 900 });
});

test("a failure that is not the input's is one line, never a traceback", async () => {
  const other = await browser.newPage();
  try {
    // A load that fails in Python: the manifest names a module no wheel has.
    await other.route("**/dist/manifest.json", async (route) => {
      const manifest = await (await route.fetch()).json();
      manifest.imports.push("no_such_module");
      await route.fulfill({ json: manifest });
    });
    await other.goto(`${served.url}demo/`);
    await other.locator('#status[data-state="failed"]').waitFor({ timeout: 120_000 });
    assert.equal(
      await other.locator("#status").textContent(),
      "Could not load Python: cannot import no_such_module: ModuleNotFoundError: No module named 'no_such_module'",
    );
    // The example cannot be fetched: the click says so, in one line.
    await other.unroute("**/dist/manifest.json");
    await other.route("**/dist/examples/breaking-bad.json", (route) => route.fulfill({ status: 500, body: "boom" }));
    await other.reload();
    await other.locator('#status[data-state="ready"]').waitFor({ timeout: 120_000 });
    await other.click("#example");
    await other.locator('#status[data-state="failed"]').waitFor();
    assert.equal(await other.locator("#status").textContent(), "Could not load the example: HTTP 500");
    assert.equal(await other.locator("article.show").count(), 0);
  } finally {
    await other.close();
  }
});

test("Python runs in a Worker: the page's own thread never fetched Pyodide or a wheel", async () => {
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => entry.name));
  assert.ok(fetched.some((url) => url.endsWith("/history-resolver.mjs")));
  assert.deepEqual(fetched.filter((url) => /\.(whl|wasm)$|pyodide/.test(url)), []);
  assert.ok(page.workers().some((worker) => worker.url().endsWith("/history-resolver-worker.mjs")));
});

const WORKER_DOCUMENT = {
  history: [{ mediaId: "TV_1", season: 1, episode: 1 }, { mediaId: "TV_1", season: 2, progress: 50 }],
  episodes: [{ mediaId: "TV_1", season: 2, episode: 1, airDate: "2020-01-01" }],
  options: { now: "2024-01-01T00:00:00.000Z" },
};

/** What CPython's resolve_document gives for a document that names its own now. */
function cpythonDocument(document) {
  const script = "import json, sys; from history_resolver import resolve_document; print(json.dumps(resolve_document(json.load(sys.stdin))))";
  const out = execFileSync(PYTHON, ["-c", script], {
    input: JSON.stringify(document),
    env: { ...process.env, PYTHONPATH: join(ROOT, "src") },
  });
  return JSON.parse(out);
}

test("in a Worker the resolver answers, rejects and stops as loadResolver's does", async () => {
  const seen = await page.evaluate(async (given) => {
    const { InvalidInputError, InternalError, loadResolverInWorker } = await import("../history-resolver.mjs");
    const resolver = await loadResolverInWorker();
    const said = (error) => ({
      kind: error instanceof InvalidInputError ? "invalid" : error instanceof InternalError ? "internal" : error.name,
      problems: error.problems,
      message: error.message,
    });
    const outcome = (promise) => promise.then((value) => ({ value }), (error) => said(error));
    const deep = {};
    let inner = deep;
    for (let i = 0; i < 20000; i++) inner = inner.x = {}; // too deep for JSON.stringify too
    const document = given;
    const results = {
      version: resolver.version,
      output: await outcome(resolver.resolveDocument(document)),
      invalid: await outcome(resolver.resolveDocument({ history: [{ mediaId: "TV_1", season: 0 }] })),
      deepText: await outcome(resolver.resolveFiles([{ name: "deep.json", text: "[".repeat(1001) }])),
      deepObject: await outcome(resolver.resolveDocument(deep)),
      schema: (await resolver.schema("input")).title,
    };
    const pending = resolver.resolveDocument(document);
    resolver.terminate();
    results.pending = await outcome(pending);
    results.after = await outcome(resolver.schema("input"));
    return results;
  }, WORKER_DOCUMENT);
  assert.match(seen.version, /^\d+\.\d+/);
  assert.deepEqual(seen.output.value, cpythonDocument(WORKER_DOCUMENT));
  assert.deepEqual(
    seen.output.value.episodes.map((e) => [e.mediaId, e.season, e.episode, e.progress, e.basis]),
    [["TV_TMDBID1", 1, 1, 100, "explicit"], ["TV_TMDBID1", 2, 1, 50, "seasonDefault"]],
  );
  assert.equal(seen.invalid.kind, "invalid");
  assert.deepEqual(seen.invalid.problems.map((p) => p.path), ["history[0].season"]);
  assert.equal(seen.deepText.kind, "invalid");
  assert.deepEqual(seen.deepText.problems, [{ path: "deep.json", message: "not readable: JSON nested too deeply" }]);
  assert.deepEqual(seen.deepObject.problems, [{ path: "$", message: "not readable: JSON nested too deeply" }]);
  assert.equal(typeof seen.schema, "string");
  assert.deepEqual([seen.pending.kind, seen.pending.message], ["internal", "history_resolver failed: the worker was terminated"]);
  assert.deepEqual([seen.after.kind, seen.after.message], ["internal", "history_resolver failed: the worker was terminated"]);
});

test("no error in the page's console, no failed request", () => {
  assert.deepEqual(pageErrors, []);
});

test("every request went to the page's own server", () => {
  const foreign = requests.filter((url) => !url.startsWith(served.url));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((url) => url.endsWith(".whl")));
});
