// What the web tests share: where things are, which Python, the cases CPython answered.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(WEB, "..");
const venvPython = join(ROOT, ".venv", "bin", "python");
export const PYTHON = process.env.PYTHON || (existsSync(venvPython) ? venvPython : "python3");

/** The cases of test/make_cases.py, written to a fresh temporary folder and read back. */
export function cpythonCases(...counts) {
  const out = join(mkdtempSync(join(tmpdir(), "history-resolver-web-")), "cases.jsonl");
  execFileSync(PYTHON, [join(WEB, "test", "make_cases.py"), out, ...counts.map(String)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line));
}
