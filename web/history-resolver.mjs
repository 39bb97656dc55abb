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

const IN_NODE = typeof process !== "undefined" && !!process.versions?.node && typeof window === "undefined";

/** Invalid input: `problems` lists every problem, `{path, message}`, worded by the library. */
export class InvalidInputError extends Error {
  constructor(problems) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    this.name = "InvalidInputError";
    this.problems = problems;
  }
}

async function readBytes(url) {
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return new Uint8Array(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function answer(text, key) {
  const parsed = JSON.parse(text);
  if (parsed.problems) throw new InvalidInputError(parsed.problems);
  return key === undefined ? parsed : parsed[key];
}

const INSTALL = `
import importlib, json, sysconfig, zipfile
def _install(paths, imports):
    target = sysconfig.get_path("purelib")
    for path in json.loads(paths):
        with zipfile.ZipFile(path) as wheel:
            wheel.extractall(target)
    importlib.invalidate_caches()
    for name in json.loads(imports):
        importlib.import_module(name)  # ImportError: the load fails, naming the module
_install
`;

/** Load Pyodide, install the wheels, import the library; resolves to the resolver. */
export async function loadResolver(options = {}) {
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
  install(JSON.stringify(paths), JSON.stringify(manifest.imports));
  install.destroy();
  const browser = pyodide.pyimport("history_resolver._browser");
  const version = pyodide.runPython("import history_resolver; history_resolver.__version__");
  const pythonVersion = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
  return Object.freeze({
    version,
    pythonVersion,
    async resolveDocument(document) {
      return answer(browser.resolve(JSON.stringify(document) ?? "null"), "output");
    },
    async resolveFiles(files, options) {
      const request = { files: files.map(({ name, text, mediaId }) => ({ name, text, mediaId })) };
      if (options !== undefined) request.options = options;
      return answer(browser.resolve_files(JSON.stringify(request)));
    },
    async schema(kind) {
      return answer(browser.schema(String(kind)), "schema");
    },
  });
}
