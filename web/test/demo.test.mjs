// The demo page in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// no browser is downloaded), served over loopback by scripts/serve.mjs: load the example,
// drop files, read the progress and next episode shown, see why an episode has its state,
// see the library's words for a bad file.  Saves screenshots (test-results/, git-ignored).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { startServer } from "../scripts/serve.mjs";
import { ROOT, WEB } from "./helpers.mjs";

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

test("clicking an episode says why: the deciding entry and the rule", async () => {
  await show().locator('.season[data-season="2"] .cell[data-episode="S2E6"]').click();
  const why = page.locator("#why");
  await why.waitFor();
  const text = await why.textContent();
  assert.match(text, /TV_TMDBID1396 S2E6/);
  assert.match(text, /in progress, 45\.50%/);
  assert.match(text, /docs\/rules\.md#explicit-entries/);
  assert.match(text, /Deciding entry \(history\[\d+\]\)/);
  await page.screenshot({ path: join(RESULTS, "demo-why.png"), fullPage: true });
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
  await page.dispatchEvent("#drop", "drop", { dataTransfer: transfer });
  await show().waitFor();
  // No catalog: only the episodes the history names are reported.
  assert.match(await show().locator(".percent").textContent(), /% watched$/);
  assert.deepEqual(await page.locator("#loaded li").allTextContents(), ["history.jsonl ×"]);
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

test("no error in the page's console, no failed request", () => {
  assert.deepEqual(pageErrors, []);
});

test("every request went to the page's own server", () => {
  const foreign = requests.filter((url) => !url.startsWith(served.url));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((url) => url.endsWith(".whl")));
});
