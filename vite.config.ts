import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { defineConfig, type Plugin } from "vite";
import { buildPageScripts } from "./scripts/lib/page-scripts.ts";
import { buildServiceWorker } from "./scripts/lib/service-worker.ts";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/** In the browser's build, web/i18n/i18n.ts gets empty dictionaries: the page's own
 *  language is loaded on its own by entry.client.tsx (issue 40). */
const dictionariesOnDemand: Plugin = {
  name: "dictionaries-on-demand",
  enforce: "pre",
  resolveId(source, importer, options) {
    if (options?.ssr || !importer?.endsWith(path.join("web", "i18n", "i18n.ts"))) return null;
    const m = /^\.\/(th|en)\.ts$/.exec(source);
    return m ? `\0empty-dictionary:${m[1]}` : null;
  },
  load(id) {
    const m = /^\0empty-dictionary:(th|en)$/.exec(id);
    return m ? `export const ${m[1]} = {};` : null;
  },
};

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    dictionariesOnDemand,
    !process.env.VITEST &&
      remix({
        appDirectory: "web",
        buildDirectory: "build",
        // The pages' own scripts, then the service worker, from what the client build wrote (issue 40).
        buildEnd: async () => {
          await buildPageScripts(path.resolve("build/client"));
          const { count, size } = await buildServiceWorker(path.resolve("build/client"));
          console.log(`service worker: ${count} files precached (${Math.round(size / 1024)} KB)`);
        },
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
          v3_routeConfig: true,
        },
      }),
  ],
});
