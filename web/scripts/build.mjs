// npm run build: the project's wheel and the pure-Python wheels it needs, gathered into
// dist/ (git-ignored) with a manifest the loader reads, and the examples the demo loads.
// Python: $PYTHON, else the repository's .venv, else python3 (it needs `build`,
// `hatchling` and `pip`: the dev extra).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(web, "..");
const dist = join(web, "dist");
const wheels = join(dist, "wheels");
const venvPython = join(root, ".venv", "bin", "python");
const python = process.env.PYTHON || (existsSync(venvPython) ? venvPython : "python3");

// The Python version of the Pyodide in node_modules: the dependency wheels are chosen for it.
const lock = JSON.parse(readFileSync(join(web, "node_modules", "pyodide", "pyodide-lock.json"), "utf8"));
const pythonVersion = lock.info.python.split(".").slice(0, 2).join(".");

function run(args) {
  execFileSync(python, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(wheels, { recursive: true });
run(["-m", "build", "--wheel", "--no-isolation", "--outdir", wheels, root]);
const own = readdirSync(wheels).find((name) => name.endsWith(".whl"));
// The runtime dependencies, as pure-Python wheels only: Pyodide cannot load compiled ones.
run([
  "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
  "--only-binary=:all:", "--platform", "any", "--implementation", "py", "--abi", "none",
  "--python-version", pythonVersion, "--constraint", join(web, "wheels.txt"),
  "--dest", wheels, join(wheels, own),
]);
const all = readdirSync(wheels).filter((name) => name.endsWith(".whl")).sort();
const foreign = all.filter((name) => !/-none-any\.whl$/.test(name));
if (foreign.length) throw new Error(`not pure-Python wheels: ${foreign.join(", ")}`);
const manifest = {
  python: pythonVersion,
  wheels: [own, ...all.filter((name) => name !== own)],
  // Imported one by one after unpacking, dependencies first: the first missing module fails
  // the load, named.
  imports: ["tzdata", "dateutil", "pendulum", "history_resolver", "history_resolver._browser"],
};
writeFileSync(join(dist, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
cpSync(join(root, "examples"), join(dist, "examples"), { recursive: true });
console.log(`web/dist: ${manifest.wheels.join(", ")} (Python ${pythonVersion}), examples`);
