// The scripts a page without React brings of its own (route handle `script`, issue 40):
// each bundled alone into build/client/<name>.js after the app's build
// (scripts/lib/page-scripts.ts), and served as its source by the development server.
export const PAGE_SCRIPTS = {
  "live-counter": "web/live/counter.client.ts",
  "join-form": "web/ui/join-form.client.ts",
  outbox: "web/ui/outbox.client.ts",
} as const;

export type PageScript = keyof typeof PAGE_SCRIPTS;
