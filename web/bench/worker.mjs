// The Pyodide side of benchmarks/web.py: loads the resolver once (printing how long that
// took), then answers one JSON line per request, {"path"} -> {"ms"}: the time of
// resolveDocument on the document in that file (parsed before the clock starts).
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

import { loadResolver } from "../history-resolver.mjs";

const started = performance.now();
const resolver = await loadResolver();
console.log(JSON.stringify({ loadMs: performance.now() - started, python: resolver.pythonVersion }));
for await (const line of createInterface({ input: process.stdin })) {
  const { path } = JSON.parse(line);
  const document = JSON.parse(readFileSync(path, "utf8"));
  const start = performance.now();
  await resolver.resolveDocument(document);
  console.log(JSON.stringify({ ms: performance.now() - start }));
}
