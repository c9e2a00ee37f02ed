// The pages' own scripts (web/ui/page-scripts.ts), bundled after the app's build: each
// into one small classic script build/client/<name>.js, minified, with what it imports
// (the realtime counter takes its store and idb, nothing of React). The service worker,
// built next, precaches them with the app.
import path from "node:path";
import { build } from "vite";
import { PAGE_SCRIPTS } from "../../web/ui/page-scripts.ts";

export async function buildPageScripts(clientDir: string) {
  for (const [name, source] of Object.entries(PAGE_SCRIPTS)) {
    await build({
      configFile: false,
      logLevel: "warn",
      build: {
        outDir: clientDir,
        emptyOutDir: false,
        copyPublicDir: false,
        target: "es2020",
        lib: {
          entry: path.resolve(source),
          formats: ["iife"],
          name: name.replace(/\W/g, "_"),
          fileName: () => `${name}.js`,
        },
      },
    });
  }
  return Object.keys(PAGE_SCRIPTS);
}
