// history-resolver.mjs in Node (Pyodide) against CPython: the examples and a few hundred
// documents drawn from the Python strategies, and each dropped as files (test/make_cases.py),
// give the same output, and invalid ones the same problems; the API's other promises.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { before, describe, test } from "node:test";

import { InvalidInputError, LoadError, loadResolver, loadResolverInWorker, nestedDeeperThan } from "../history-resolver.mjs";
import { PYTHON, ROOT, WEB, cpythonCases } from "./helpers.mjs";
import { execFileSync } from "node:child_process";

let resolver;
let cases;
before(async () => {
  cases = cpythonCases();
  resolver = await loadResolver();
});

/** What the resolver answers, in the shape of _browser's JSON answer. */
async function answer(call) {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return { problems: error.problems };
  }
}

function differences(kind, call) {
  const selected = cases.filter((c) => c.kind === kind);
  assert.ok(selected.length > 0);
  return Promise.all(
    selected.map(async (c) => {
      const got = await answer(() => call(c));
      try {
        assert.deepStrictEqual(got, c.answer);
        return null;
      } catch (error) {
        return `${c.name}: ${error.message.slice(0, 2000)}`;
      }
    }),
  ).then((found) => found.filter(Boolean));
}

describe("Pyodide gives what CPython gives", () => {
  test("documents: the examples, valid and mutated documents", async () => {
    const documents = cases.filter((c) => c.kind === "document");
    assert.ok(documents.length >= 390, `only ${documents.length} documents`);
    assert.ok(documents.filter((c) => c.answer.problems).length >= 50, "too few invalid documents");
    const found = await differences("document", (c) =>
      resolver.resolveDocument(c.input).then((output) => ({ output })),
    );
    assert.deepStrictEqual(found, []);
  });

  test("dropped files: each document as files (pages, JSON Lines, catalog, TMDB seasons, broken)", async () => {
    const files = cases.filter((c) => c.kind === "files");
    assert.ok(files.length >= 350, `only ${files.length} file cases`);
    assert.ok(files.filter((c) => c.answer.problems).length >= 100, "too few invalid file cases");
    assert.ok(files.filter((c) => c.files.some((f) => f.name.startsWith("season-"))).length >= 50, "too few TMDB cases");
    const found = await differences("files", (c) => resolver.resolveFiles(c.files, c.options ?? undefined));
    assert.deepStrictEqual(found, []);
  });
});

describe("the API", () => {
  test("invalid input rejects with InvalidInputError listing every {path, message}", async () => {
    const rejected = resolver.resolveDocument({ history: [{ mediaId: "TV_1" }], options: { now: "soon" } });
    await assert.rejects(rejected, (error) => {
      assert.ok(error instanceof InvalidInputError && error instanceof Error);
      assert.equal(error.name, "InvalidInputError");
      assert.deepStrictEqual(error.problems.map((p) => p.path), ["options.now", "history[0].season"]);
      assert.equal(error.message, error.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
      return true;
    });
  });

  test("a document that is not an object is a problem, not a crash", async () => {
    for (const document of [undefined, null, [], "x", 3]) {
      await assert.rejects(resolver.resolveDocument(document), InvalidInputError);
    }
  });

  test("schema(kind) is the shipped JSON Schema; another kind is a problem", async () => {
    for (const kind of ["input", "output"]) {
      const shipped = JSON.parse(
        readFileSync(join(ROOT, "src", "history_resolver", "schemas", `${kind}.schema.json`), "utf8"),
      );
      assert.deepStrictEqual(await resolver.schema(kind), shipped);
    }
    await assert.rejects(resolver.schema("both"), (error) => {
      assert.deepStrictEqual(error.problems, [{ path: "kind", message: '"both" is not "input" or "output"' }]);
      return true;
    });
  });

  test("version is the package's", () => {
    const init = readFileSync(join(ROOT, "src", "history_resolver", "__init__.py"), "utf8");
    assert.equal(resolver.version, init.match(/__version__ = "([^"]+)"/)[1]);
    assert.match(resolver.pythonVersion, /^3\.\d+\.\d+$/);
  });
});

const TOO_DEEP = "not readable: JSON nested too deeply";
const ENTRY = { mediaId: "TV_1", season: 1, episode: 1, updatedAt: "2024-01-02T00:00:00Z" };
const NOW = { now: "2026-11-28T00:00:00Z" };

/** A history whose one entry has a key nested `depth` arrays deep. */
function nested(depth) {
  return `[${JSON.stringify(ENTRY).slice(0, -1)}, "x": ${"[".repeat(depth)}${"]".repeat(depth)}}]`;
}

/** The depth Python refuses from, read from the library itself. */
function maxDepth() {
  return Number(execFileSync(PYTHON, ["-c", "from history_resolver._browser import MAX_DEPTH; print(MAX_DEPTH)"], {
    cwd: ROOT, env: { ...process.env, PYTHONPATH: join(ROOT, "src") },
  }));
}

describe("deep nesting: a problem in the library's words, and the runtime lives on", () => {
  test("a file nested 10,000 deep is refused, and the next call still works", async () => {
    await assert.rejects(resolver.resolveFiles([{ name: "h", text: nested(10_000) }], NOW), (error) => {
      assert.ok(error instanceof InvalidInputError);
      assert.deepStrictEqual(error.problems, [{ path: "h", message: TOO_DEEP }]);
      return true;
    });
    const answer = await resolver.resolveFiles([{ name: "h", text: nested(10) }], NOW);
    assert.equal(answer.entries, 1);
  });

  test("every problem is said beside the too-deep file's", async () => {
    await assert.rejects(
      resolver.resolveFiles([{ name: "d", text: "[".repeat(20_000) }, { name: "bad.json", text: "{" }]),
      (error) => {
        assert.deepStrictEqual(error.problems, [
          { path: "d", message: TOO_DEEP },
          { path: "bad.json", message: "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)" },
        ]);
        return true;
      },
    );
  });

  test("a document, or options, nested 10,000 deep are refused at $", async () => {
    const deep = JSON.parse(`{"history": ${nested(10_000)}}`);
    await assert.rejects(resolver.resolveDocument(deep), (error) => {
      assert.deepStrictEqual(error.problems, [{ path: "$", message: TOO_DEEP }]);
      return true;
    });
    await assert.rejects(resolver.resolveFiles([{ name: "h", text: nested(1) }], JSON.parse(`{"x": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`)), (error) => {
      assert.deepStrictEqual(error.problems, [{ path: "$", message: TOO_DEEP }]);
      return true;
    });
    assert.deepStrictEqual((await resolver.resolveDocument({ history: [ENTRY], options: NOW })).episodes.length, 1);
  });

  test("text up to MAX_DEPTH is handed to Python and read without harm", async () => {
    const cap = maxDepth();
    assert.equal(cap, 1000);
    // nested(d) is d + 2 deep (the history array, the entry object)
    const answer = await resolver.resolveFiles([{ name: "h", text: nested(cap - 2) }], NOW);
    assert.equal(answer.entries, 1);
    await assert.rejects(resolver.resolveFiles([{ name: "h", text: nested(cap - 1) }], NOW), (error) => {
      assert.deepStrictEqual(error.problems, [{ path: "h", message: TOO_DEEP }]);
      return true;
    });
  });

  test("the scan counts brackets outside strings only", () => {
    const cases = [
      [String.raw`["[[["]`, 1, false],
      ["[[]]", 1, true],
      [String.raw`["\"[["]`, 1, false],
      [String.raw`["\\", [[]]]`, 2, true],
      [String.raw`["\\", []]`, 2, false],
      ['{"a": {"b": 1}}', 1, true],
      ["]][[[", 2, false],
    ];
    for (const [text, cap, expected] of cases) assert.equal(nestedDeeperThan(text, cap), expected, text);
  });
});

describe("a failed load rejects with one line", () => {
  test("a dist without the tzdata wheel: LoadError naming the module", async () => {
    const dist = mkdtempSync(join(tmpdir(), "history-resolver-dist-"));
    try {
      cpSync(join(WEB, "dist"), dist, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8"));
      const tzdata = manifest.wheels.filter((name) => name.startsWith("tzdata-"));
      assert.equal(tzdata.length, 1);
      rmSync(join(dist, "wheels", tzdata[0]));
      manifest.wheels = manifest.wheels.filter((name) => name !== tzdata[0]);
      writeFileSync(join(dist, "manifest.json"), JSON.stringify(manifest));
      assert.ok(!readdirSync(join(dist, "wheels")).some((name) => name.startsWith("tzdata-")));
      await assert.rejects(loadResolver({ distURL: pathToFileURL(`${dist}/`) }), (error) => {
        assert.ok(error instanceof LoadError);
        assert.equal(error.name, "LoadError");
        assert.equal(error.message, "cannot import tzdata: ModuleNotFoundError: No module named 'tzdata'");
        assert.ok(!error.message.includes("\n"));
        return true;
      });
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  test("a dist that is not there: LoadError naming the file", async () => {
    const missing = pathToFileURL(join(tmpdir(), "history-resolver-no-such-dist/"));
    await assert.rejects(loadResolver({ distURL: missing }), (error) => {
      assert.ok(error instanceof LoadError);
      assert.match(error.message, /^cannot load file:\/\/.*history-resolver-no-such-dist\/manifest\.json: ENOENT[^\n]*$/);
      return true;
    });
  });
});

test("loadResolverInWorker outside a browser: LoadError in one line, nothing started", async () => {
  await assert.rejects(loadResolverInWorker(), (error) => {
    assert.ok(error instanceof LoadError);
    assert.equal(error.message, "loadResolverInWorker needs a browser's Worker; use loadResolver here");
    return true;
  });
});
