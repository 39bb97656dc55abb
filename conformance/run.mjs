#!/usr/bin/env node
// Run the conformance vectors of history_resolver against any implementation of
// docs/rules.md. Needs nothing but Node (18 or later). See conformance/README.md.
//
//   node conformance/run.mjs --command "CMD"          CMD per vector: input on stdin
//   node conformance/run.mjs --command "CMD" --batch  CMD once: JSON Lines in, JSON Lines out
//   node conformance/run.mjs --module ./resolver.mjs  import it; call its resolve(document)
//
// Options: --vectors FILE, --rule ANCHOR and --id PATTERN (repeatable), --jobs N (2),
// --timeout SECONDS (10). Prints one line per failing vector and a summary; exit status 0
// when every selected vector passes, 1 when one fails, 2 on a usage error.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const usage = (message) => {
  console.error(`run.mjs: ${message}`);
  process.exit(2);
};

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      command: { type: "string" },
      module: { type: "string" },
      batch: { type: "boolean", default: false },
      vectors: { type: "string" },
      rule: { type: "string", multiple: true, default: [] },
      id: { type: "string", multiple: true, default: [] },
      jobs: { type: "string", default: "2" },
      timeout: { type: "string", default: "10" },
    },
  }));
} catch (error) {
  usage(error.message);
}
const jobs = Number(options.jobs);
const timeout = Number(options.timeout) * 1000;
if (!(jobs >= 1) || !(timeout > 0)) usage("--jobs and --timeout must be above 0");
if (!options.command === !options.module) usage("give one of --command CMD, --module FILE");

// The vectors: a header line, then one vector per line.
const file =
  options.vectors ?? new URL("../src/history_resolver/conformance/vectors.jsonl", import.meta.url);
const [header, ...vectors] = readFileSync(file, "utf8").trim().split("\n").map(JSON.parse);
const glob = (pattern) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
const ids = options.id.map(glob);
const chosen = vectors.filter(
  (v) =>
    (options.rule.length === 0 || options.rule.some((r) => v.rules.includes(r))) &&
    (ids.length === 0 || ids.some((re) => re.test(v.id))),
);
if (chosen.length === 0) usage("no vector matches the --rule and --id given");

// Comparison: numbers by value, exact keys, diagnostics as a multiset of (severity, path)
// plus rule when the implementation gives one for every diagnostic; no message compared.
const show = (value) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
};
const kind = (value) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

function difference(expected, actual, path) {
  if (kind(expected) !== kind(actual)) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  if (Array.isArray(expected)) {
    if (expected.length !== actual.length)
      return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const found = difference(expected[i], actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (kind(expected) === "object") return objectDifference(expected, actual, path);
  return expected === actual ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function objectDifference(expected, actual, path) {
  const prefix = path ? `${path}.` : "";
  for (const key of Object.keys(expected)) if (!(key in actual)) return `${prefix}${key}: missing`;
  for (const key of Object.keys(actual)) if (!(key in expected)) return `${prefix}${key}: unexpected key`;
  for (const key of Object.keys(expected)) {
    const found = difference(expected[key], actual[key], `${prefix}${key}`);
    if (found) return found;
  }
  return null;
}

function multisetDifference(what, expected, actual) {
  const names = what === "diagnostics" ? ["severity", "path"] : ["path"];
  if (actual.length > 0 && actual.every((item) => "rule" in item)) names.push("rule");
  const tally = (items) => {
    const counts = new Map();
    for (const item of items) {
      const key = names.map((name) => show(item[name])).join(", ");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  const want = tally(expected);
  const got = tally(actual);
  const minus = (a, b) =>
    [...a].flatMap(([key, n]) => Array(Math.max(0, n - (b.get(key) ?? 0))).fill(key)).sort();
  const missing = minus(want, got);
  const unexpected = minus(got, want);
  if (missing.length === 0 && unexpected.length === 0) return null;
  const parts = [];
  if (missing.length) parts.push(`missing (${missing.join("), (")})`);
  if (unexpected.length) parts.push(`unexpected (${unexpected.join("), (")})`);
  return `${what}: ${parts.join("; ")}`;
}

const objectsWith = (value, keys) =>
  Array.isArray(value) &&
  value.every((item) => kind(item) === "object" && keys.every((k) => typeof item[k] === "string"));

function outputDifference(expected, actual) {
  if (kind(actual) !== "object") return `the output is ${show(actual)}, not a JSON object`;
  const { diagnostics: wanted, ...rest } = expected;
  const { diagnostics, ...others } = actual;
  if (!("diagnostics" in actual)) return "diagnostics: missing";
  if (!objectsWith(diagnostics, ["severity", "path"]))
    return "diagnostics: not a list of objects with a severity and a path";
  return objectDifference(rest, others, "") ?? multisetDifference("diagnostics", wanted, diagnostics);
}

function problemsDifference(expected, reported) {
  if (!objectsWith(reported, ["path"])) return "problems: not a list of objects with a path";
  if (reported.length === 0) return null; // refused without naming the problems
  const unique = [...new Map(reported.map((p) => [JSON.stringify([p.path, p.rule]), p])).values()];
  return multisetDifference("problems", expected, unique);
}

// An answer is the output document, or {"problems": [...]} for a refused input.
function answerDifference(vector, answer) {
  const refused = kind(answer) === "object" && "problems" in answer && !("episodes" in answer);
  if (vector.expected) {
    return refused ? `refused a valid document: ${show(answer.problems)}` : outputDifference(vector.expected, answer);
  }
  if (!refused) return `accepted a document that breaks ${[...new Set(vector.expectedProblems.map((p) => p.rule))].sort().join(", ")}`;
  return problemsDifference(vector.expectedProblems, answer.problems);
}

// Running the implementation.
function execute(input) {
  return new Promise((done) => {
    const child = spawn(options.command, { shell: true, stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      done({ timedOut: true });
    }, options.batch ? timeout * chosen.length : timeout);
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.stdin.on("error", () => {}); // a command that exits without reading its input
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.end(input);
  });
}

const parse = (text) => {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
};

async function checkOne(vector) {
  if (options.module) {
    let answer;
    try {
      answer = await implementation.resolve(structuredClone(vector.input));
    } catch (error) {
      answer = { problems: Array.isArray(error?.problems) ? error.problems : [] };
    }
    return answerDifference(vector, answer);
  }
  const run = await execute(`${JSON.stringify(vector.input)}\n`);
  if (run.timedOut) return `no answer within ${options.timeout} s`;
  const said = run.stderr.trim() ? ` (${run.stderr.trim().split("\n")[0].slice(0, 80)})` : "";
  const stdout = parse(run.stdout);
  if (vector.expected) {
    if (run.status !== 0) return `exit status ${run.status} for a valid document${said}`;
    return stdout ? outputDifference(vector.expected, stdout.value) : "stdout is not one JSON document";
  }
  if (run.status === 0) return answerDifference(vector, null);
  const value = stdout?.value;
  return kind(value) === "object" && "problems" in value
    ? problemsDifference(vector.expectedProblems, value.problems)
    : null;
}

async function checkBatch() {
  const run = await execute(chosen.map((v) => `${JSON.stringify(v.input)}\n`).join(""));
  if (run.timedOut) return chosen.map(() => `no answer within ${options.timeout} s per vector`);
  const lines = run.stdout.split("\n").filter((line) => line.trim() !== "");
  return chosen.map((vector, i) => {
    if (i >= lines.length) return `no answer: ${lines.length} lines for ${chosen.length} inputs`;
    const answer = parse(lines[i]);
    return answer ? answerDifference(vector, answer.value) : `answer line ${i + 1} is not JSON`;
  });
}

const implementation = options.module
  ? await import(pathToFileURL(resolvePath(options.module)).href)
  : null;
let results;
if (options.batch && !options.module) {
  results = await checkBatch();
} else {
  results = new Array(chosen.length);
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const i = next++;
      results[i] = await checkOne(chosen[i]);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
}

let failed = 0;
chosen.forEach((vector, i) => {
  if (results[i] === null) return;
  failed += 1;
  console.log(`FAIL ${vector.id} [${vector.rules.join(", ")}]: ${results[i]}`);
});
const passed = chosen.length - failed;
console.log(
  `conformance ${header.version}: ${passed} of ${chosen.length} vectors passed${failed ? `, ${failed} failed` : ""}`,
);
process.exit(failed ? 1 : 0);
