// The Worker that runs the shared driver inside workerd. test/runtimes.test.ts bundles it
// with esbuild together with one entry of the library and POSTs the suite to it (the
// registry's scheme table and the vector files it names).
// `load` gives the library module; it is called inside the handler, so a library whose
// top level needs a request context (random values) can be loaded lazily.
import { runAll } from "./driver.mjs";

export function serve(load) {
  return {
    async fetch(request) {
      try {
        const lib = await load();
        const report = await runAll(lib, await request.json());
        return Response.json({ runtime: "workerd", ...report });
      } catch (error) {
        return Response.json({ error: String(error && error.stack ? error.stack : error) }, { status: 500 });
      }
    },
  };
}
