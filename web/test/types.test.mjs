// history-resolver.d.ts against the JSON Schemas: each interface tagged `@schema KIND#PTR`
// has the properties of the schema object at PTR, the same ones required; the declarations
// compile (tsc --noEmit, strict).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";

import { PYTHON, ROOT, WEB } from "./helpers.mjs";

const ts = createRequire(import.meta.url)("typescript");
const DECLARATIONS = join(WEB, "history-resolver.d.ts");

function schemaAt(kind, pointer) {
  let node = JSON.parse(readFileSync(join(ROOT, "src", "history_resolver", "schemas", `${kind}.schema.json`), "utf8"));
  for (const part of pointer.split("/").filter(Boolean)) node = node[part];
  return node;
}

function tagged() {
  const source = ts.createSourceFile(DECLARATIONS, readFileSync(DECLARATIONS, "utf8"), ts.ScriptTarget.Latest, true);
  const found = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const tag = ts.getJSDocTags(node).find((t) => t.tagName.text === "schema");
    if (!tag) return;
    const [kind, pointer] = String(tag.comment).trim().split("#");
    const members = node.members.filter(ts.isPropertySignature).map((m) => ({
      name: m.name.text,
      optional: m.questionToken !== undefined,
    }));
    const open = node.members.some(ts.isIndexSignatureDeclaration);
    found.push({ name: node.name.text, kind, pointer, members, open });
  });
  return found;
}

test("every output object and the input document's objects have a tagged interface", () => {
  const names = tagged().map((t) => `${t.kind}#${t.pointer}`);
  const output = schemaAt("output", "");
  const expected = [
    "input#",
    "input#/$defs/historyItem",
    "input#/$defs/catalogRow",
    "input#/$defs/options",
    "output#",
    ...Object.entries(output.$defs)
      .filter(([, node]) => node.type === "object" && node.properties)
      .map(([name]) => `output#/$defs/${name}`),
  ];
  assert.deepStrictEqual([...names].sort(), [...expected].sort());
});

for (const { name, kind, pointer, members, open } of tagged()) {
  test(`${name}: the properties and required ones of ${kind}#${pointer}`, () => {
    const node = schemaAt(kind, pointer);
    assert.deepStrictEqual(members.map((m) => m.name).sort(), Object.keys(node.properties).sort());
    const required = members.filter((m) => !m.optional).map((m) => m.name).sort();
    assert.deepStrictEqual(required, [...(node.required ?? [])].sort());
    // Extra keys: an index signature exactly where the schema allows them.
    assert.equal(open, node.additionalProperties !== false);
  });
}

test("the declarations compile, and the example documents type-check against them", async () => {
  // The example's input and the output CPython gives for it, as typed object literals: a
  // key the types lack, a missing required key or a value of another type fails tsc.
  const input = JSON.parse(readFileSync(join(ROOT, "examples", "breaking-bad.json"), "utf8"));
  const output = JSON.parse(
    execFileSync(PYTHON, ["-m", "history_resolver", "resolve", join(ROOT, "examples", "breaking-bad.json")], {
      cwd: ROOT,
      env: { ...process.env, PYTHONPATH: join(ROOT, "src") },
    }),
  );
  const folder = mkdtempSync(join(tmpdir(), "history-resolver-types-"));
  const declarations = DECLARATIONS.replace(/\.d\.ts$/, "");
  writeFileSync(
    join(folder, "check.ts"),
    `import type { InputDocument, OutputDocument } from ${JSON.stringify(declarations)};\n` +
      `export const input: InputDocument = ${JSON.stringify(input)};\n` +
      `export const output: OutputDocument = ${JSON.stringify(output)};\n`,
  );
  const tsc = join(WEB, "node_modules", "typescript", "bin", "tsc");
  const flags = ["--strict", "--noEmit", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler"];
  execFileSync(process.execPath, [tsc, ...flags, join(folder, "check.ts")], { stdio: "inherit" });
});
