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
 * message's first line.  (Exported for history-resolver-worker.mjs, as startPython is;
 * neither is declared in history-resolver.d.ts.) */
export function oneLine(error) {
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

/** A call into Python, answered: the text it returns parsed; problems reject with
 * InvalidInputError, a load that failed with its LoadError, any other failure (a bug, a
 * runtime that died) with a one-line InternalError. */
async function answer(call, key) {
  let text;
  try {
    text = await call();
  } catch (error) {
    if (error instanceof LoadError) throw error;
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
 * rejects with a one-line LoadError.  Python runs on the calling thread: in a page, see
 * loadResolverInWorker. */
export async function loadResolver(options = {}) {
  const python = await loaded(startPython(options));
  return resolverOf({ ...python, call: async (name, text) => python.call(name, text) });
}

/** loadResolver, with Python in a dedicated Worker (history-resolver-worker.mjs): the same
 * resolver, whose calls leave the page's main thread free while Python works.  Browsers
 * only (a module Worker).  `terminate()` stops the Worker and Python with it; a call
 * pending then, or made after, rejects with InternalError. */
export async function loadResolverInWorker(options = {}) {
  if (typeof Worker === "undefined") {
    throw new LoadError("loadResolverInWorker needs a browser's Worker; use loadResolver here");
  }
  const worker = new Worker(new URL("history-resolver-worker.mjs", import.meta.url), { type: "module" });
  const pending = new Map();
  let next = 0;
  let stopped = null; // why the worker can answer no more
  const stop = (error) => {
    stopped = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.onmessage = ({ data }) => {
    const waiting = pending.get(data.id);
    if (waiting === undefined) return; // an answer that arrived after terminate()
    pending.delete(data.id);
    if (data.error === undefined) waiting.resolve(data.value);
    else waiting.reject(data.error.load ? new LoadError(data.error.message) : new Error(data.error.message));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    stop(new Error(`the worker stopped: ${event.message || "its script did not load"}`));
  };
  const request = (name, text, load) =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, name, text, load });
    });
  const given = {}; // (a URL cannot be posted: its text can)
  for (const key of ["indexURL", "distURL"]) if (options[key] !== undefined) given[key] = String(options[key]);
  let python;
  try {
    python = await loaded(request("load", undefined, given));
  } catch (error) {
    worker.terminate();
    throw error;
  }
  const resolver = resolverOf({ ...python, call: (name, text) => request(name, text) });
  const terminate = () => {
    worker.terminate();
    stop(new Error("the worker was terminated"));
  };
  return Object.freeze({ ...resolver, terminate });
}

/** A load, its failures made one-line LoadErrors. */
async function loaded(starting) {
  try {
    return await starting;
  } catch (error) {
    throw error instanceof LoadError ? error : new LoadError(`cannot load Python: ${oneLine(error)}`);
  }
}

/** The resolver of a running Python: ``call(name, text)`` calls ``history_resolver._browser``'s
 * function ``name`` with JSON text and resolves to its JSON text, wherever Python runs.
 * Everything said to Python is built and checked here, once for both threads. */
function resolverOf({ call, maxDepth, version, pythonVersion }) {
  const tooDeep = () => answer(() => call("too_deep_problem", "$"));
  return Object.freeze({
    version,
    pythonVersion,
    async resolveDocument(document) {
      const text = jsonText(document);
      if (text === null || nestedDeeperThan(text, maxDepth)) return tooDeep();
      return answer(() => call("resolve", text), "output");
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
      if (text === null || nestedDeeperThan(text, maxDepth)) return tooDeep();
      return answer(() => call("resolve_files", text));
    },
    async schema(kind) {
      return answer(() => call("schema", String(kind)), "schema");
    },
  });
}

/** Start Python here: Pyodide loaded, the wheels installed, the library imported.  Resolves
 * to ``{call, maxDepth, version, pythonVersion}``, ``call(name, text)`` answering
 * synchronously.  (history-resolver-worker.mjs runs it in a Worker.) */
export async function startPython(options) {
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
  const functions = {
    resolve: browser.resolve,
    resolve_files: browser.resolve_files,
    schema: browser.schema,
    too_deep_problem: browser.too_deep_problem,
  };
  return {
    call: (name, text) => functions[name](text),
    maxDepth: browser.MAX_DEPTH,
    version: pyodide.runPython("import history_resolver; history_resolver.__version__"),
    pythonVersion: pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))"),
  };
}
