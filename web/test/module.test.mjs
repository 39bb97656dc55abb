// history-resolver.mjs in Node (Pyodide) against CPython: the examples and a few hundred
// documents drawn from the Python strategies (test/make_cases.py) give the same output, and
// invalid ones the same problems; the API's other promises.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";

import { InvalidInputError, loadResolver } from "../history-resolver.mjs";
import { ROOT, cpythonCases } from "./helpers.mjs";

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
    assert.ok(documents.length >= 400, `only ${documents.length} documents`);
    assert.ok(documents.filter((c) => c.answer.problems).length >= 50, "too few invalid documents");
    const found = await differences("document", (c) =>
      resolver.resolveDocument(c.input).then((output) => ({ output })),
    );
    assert.deepStrictEqual(found, []);
  });

  test("dropped files: a document, pages with TMDB seasons or a catalog, a bad file", async () => {
    const found = await differences("files", (c) =>
      resolver.resolveFiles(c.files, { now: "2026-11-28T00:00:00Z" }),
    );
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
