import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { defineConfig } from "vite";
import { buildServiceWorker } from "./scripts/lib/service-worker.ts";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    !process.env.VITEST &&
      remix({
        appDirectory: "web",
        buildDirectory: "build",
        // The service worker, from what the client build wrote (issue 40).
        buildEnd: async () => {
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
