// The Worker of loadResolverInWorker (history-resolver.mjs): Python runs here, off the
// page's main thread.  It starts Python when asked ("load"), then answers each call with the
// JSON text Python returns; a failure goes back in one line (`load: true` when it is the
// load's).  Requests are built and answers read on the page's side, by the same code as
// loadResolver's.
import { LoadError, oneLine, startPython } from "./history-resolver.mjs";

let python;

self.onmessage = async ({ data: { id, name, text, load } }) => {
  try {
    if (name === "load") {
      python = await startPython(load);
      const { maxDepth, version, pythonVersion } = python;
      self.postMessage({ id, value: { maxDepth, version, pythonVersion } });
    } else {
      self.postMessage({ id, value: python.call(name, text) });
    }
  } catch (error) {
    if (name !== "load") self.postMessage({ id, error: { message: oneLine(error) } });
    else {
      const message = error instanceof LoadError ? error.message : `cannot load Python: ${oneLine(error)}`;
      self.postMessage({ id, error: { load: true, message } });
    }
  }
};
