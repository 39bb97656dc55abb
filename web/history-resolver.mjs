// history_resolver in JavaScript: the Python library, unchanged, on Pyodide (CPython for
// WebAssembly), in Node or in a browser.  Everything is loaded from local files: Pyodide
// from node_modules/pyodide, the project's wheel and its pure-Python dependencies from
// dist/ (`npm run build`).  No CDN, ever: Pyodide's package loader is not used.
//
//   const resolver = await loadResolver();
//   const output = await resolver.resolveDocument({ history: [...], episodes: [...] });
//
// Every call crosses into Python as JSON text and comes back as JSON text
// (src/history_resolver/_browser.py); the rules all live in the Python library.
//
// Errors: invalid input rejects with InvalidInputError (the library's words); a failed load
// with LoadError, and anything else going wrong in Python with InternalError, each in one
// line (never Python's traceback).  Text nested deeper than Python's MAX_DEPTH is not handed
// to Python at all (Pyodide's JavaScript stack would overflow first and kill the runtime):
// the library words the problem instead (docs/rules.md#json-text).

const IN_NODE = typeof process !== "undefined" && !!process.versions?.node && typeof window === "undefined";

/** Invalid input: `problems` lists every problem, `{path, message}`, worded by the library. */
export class InvalidInputError extends Error {
  constructor(problems) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    this.name = "InvalidInputError";
    this.problems = problems;
  }
}

/** Loading failed (a file missing, a module that does not import): `message` is one line. */
export class LoadError extends Error {
  constructor(message) {
    super(message);
    this.name = "LoadError";
  }
}

/** Something other than the input went wrong in Python: `message` is one line. */
export class InternalError extends Error {
  constructor(message) {
    super(message);
    this.name = "InternalError";
  }
}

/** One line for an error: a Python exception's last line ("Type: message"), else the
 * message's first line. */
function oneLine(error) {
  const text = String(error?.message ?? error);
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  if (error?.type && lines.length) return lines[lines.length - 1];
  return lines[0] ?? String(error?.name ?? "error");
}

/** Whether `text` (JSON, or not) nests arrays and objects deeper than `cap`: a scan that
 * skips strings, so brackets inside them do not count.  Brackets that close more than they
 * opened can only make the count smaller, and Python's parser stops at the first of them. */
export function nestedDeeperThan(text, cap) {
  let depth = 0;
  let inString = false;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > cap) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** `value` as JSON text, or null when it nests too deeply for JSON.stringify itself. */
function jsonText(value) {
  try {
    return JSON.stringify(value) ?? "null";
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error; // a cycle, a BigInt: not a JSON value at all
  }
}

async function readBytes(url) {
  try {
    if (url.protocol === "file:") {
      const { readFile } = await import("node:fs/promises");
      return new Uint8Array(await readFile(url));
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new LoadError(`cannot load ${url}: ${oneLine(error)}`);
  }
}

/** Call Python; its answer parsed; problems reject with InvalidInputError, any other
 * failure (a bug, a runtime that died) with a one-line InternalError. */
function answer(call, key) {
  let text;
  try {
    text = call();
  } catch (error) {
    throw new InternalError(`history_resolver failed: ${oneLine(error)}`);
  }
  const parsed = JSON.parse(text);
  if (parsed.problems) throw new InvalidInputError(parsed.problems);
  return key === undefined ? parsed : parsed[key];
}

// Unpack the wheels, then import each module named: the first that fails is said in one
// line ("cannot import tzdata: ModuleNotFoundError: No module named 'tzdata'").
const INSTALL = `
import importlib, json, sysconfig, zipfile
def _install(paths, imports):
    target = sysconfig.get_path("purelib")
    for path in json.loads(paths):
        with zipfile.ZipFile(path) as wheel:
            wheel.extractall(target)
    importlib.invalidate_caches()
    for name in json.loads(imports):
        try:
            importlib.import_module(name)
        except Exception as error:
            return f"cannot import {name}: {type(error).__name__}: {error}".splitlines()[0]
    return ""
_install
`;

/** Load Pyodide, install the wheels, import the library; resolves to the resolver, or
 * rejects with a one-line LoadError. */
export async function loadResolver(options = {}) {
  try {
    return await load(options);
  } catch (error) {
    throw error instanceof LoadError ? error : new LoadError(`cannot load Python: ${oneLine(error)}`);
  }
}

async function load(options) {
  const here = new URL(".", import.meta.url);
  const distURL = new URL(options.distURL ?? new URL("dist/", here), here);
  let indexURL = options.indexURL ?? new URL("node_modules/pyodide/", here).href;
  if (IN_NODE && indexURL.startsWith("file:")) {
    const { fileURLToPath } = await import("node:url");
    indexURL = fileURLToPath(indexURL);
    if (!indexURL.endsWith("/")) indexURL += "/";
  }
  const pyodideModule = IN_NODE && !options.indexURL
    ? await import("pyodide")
    : await import(new URL("pyodide.mjs", new URL(indexURL, here)).href);
  const manifest = JSON.parse(new TextDecoder().decode(await readBytes(new URL("manifest.json", distURL))));
  const [pyodide, wheels] = await Promise.all([
    pyodideModule.loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} }),
    Promise.all(manifest.wheels.map((name) => readBytes(new URL(`wheels/${name}`, distURL)))),
  ]);
  const paths = manifest.wheels.map((name, i) => {
    const path = `/tmp/wheels/${name}`;
    pyodide.FS.mkdirTree("/tmp/wheels");
    pyodide.FS.writeFile(path, wheels[i]);
    return path;
  });
  const install = pyodide.runPython(INSTALL);
  const failed = install(JSON.stringify(paths), JSON.stringify(manifest.imports));
  install.destroy();
  if (failed) throw new LoadError(failed);
  const browser = pyodide.pyimport("history_resolver._browser");
  const maxDepth = browser.MAX_DEPTH;
  const version = pyodide.runPython("import history_resolver; history_resolver.__version__");
  const pythonVersion = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
  return Object.freeze({
    version,
    pythonVersion,
    async resolveDocument(document) {
      const text = jsonText(document);
      if (text === null || nestedDeeperThan(text, maxDepth)) {
        return answer(() => browser.too_deep_problem("$"));
      }
      return answer(() => browser.resolve(text), "output");
    },
    async resolveFiles(files, options, show) {
      const request = {
        files: files.map(({ name, text, mediaId }) =>
          typeof text === "string" && nestedDeeperThan(text, maxDepth)
            ? { name, tooDeep: true, mediaId }
            : { name, text, mediaId },
        ),
      };
      if (options !== undefined) request.options = options;
      if (show !== undefined) request.show = show;
      const text = jsonText(request); // the texts are strings in it: the scan skips them
      if (text === null || nestedDeeperThan(text, maxDepth)) return answer(() => browser.too_deep_problem("$"));
      return answer(() => browser.resolve_files(text));
    },
    async schema(kind) {
      return answer(() => browser.schema(String(kind)), "schema");
    },
  });
}
